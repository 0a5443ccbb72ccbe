import type { RequestContext } from "~/edge/request-context";
import type { SessionUser } from "~/session/session.server";
import type { Actor } from "./change-controls.server";

export function actorFor(user: SessionUser, context: RequestContext): Actor {
  return { customerId: user.id, role: user.roles[0] ?? null, ip: context.ip, userAgent: context.userAgent };
}

/**
 * requireRecentPasskey throws a 403 JSON response. A page that can ask for the passkey and
 * send the form again wants that as data rather than an error page; anything else rethrows.
 */
export async function stepUpRefusal(error: unknown): Promise<{ message: string } | null> {
  if (!(error instanceof Response) || error.status !== 403) return null;
  const body = (await error.clone().json().catch(() => null)) as { error?: unknown; message?: unknown } | null;
  if (body?.error !== "step_up_required") return null;
  return { message: typeof body.message === "string" ? body.message : "Please confirm it's you with your passkey first." };
}
