import { appendAudit, auditActor } from "~/audit/audit-log.server";
import { requireSession } from "~/access/guards.server";
import { now } from "~/clock.server";
import type { RequestContext } from "~/edge/request-context";
import { recordStepUp, type CurrentSession, type SessionUser } from "~/session/session.server";
import { STEP_UP_WINDOW_MS } from "./webauthn-config.server";

export function stepUpValidUntil(session: Pick<CurrentSession, "stepUpAt">): string | null {
  if (!session.stepUpAt) return null;
  const until = session.stepUpAt.getTime() + STEP_UP_WINDOW_MS;
  return until > now().getTime() ? new Date(until).toISOString() : null;
}

/**
 * Sensitive changes (limits, blocks, passkeys, PII) need a passkey assertion from the
 * last five minutes. The page asks for it in a dialog before submitting; this check is
 * what actually holds, whatever the browser does.
 */
export async function requireRecentPasskey(
  args: { request: Request; context: RequestContext },
  purpose: string,
): Promise<CurrentSession & { user: SessionUser }> {
  const session = await requireSession(args);
  if (!stepUpValidUntil(session)) {
    await appendAudit({ ...auditActor(session.user, args.context), action: "step_up.required", subjectType: "session", subjectId: session.id, details: { purpose } });
    throw Response.json({ error: "step_up_required", purpose, message: "Please confirm it's you with your passkey first." }, { status: 403 });
  }
  return session;
}

export async function markSteppedUp(session: CurrentSession & { user: SessionUser }, context: RequestContext, purpose: string): Promise<void> {
  await recordStepUp(session.id);
  await appendAudit({ ...auditActor(session.user, context), action: "step_up.succeeded", subjectType: "session", subjectId: session.id, details: { purpose } });
}
