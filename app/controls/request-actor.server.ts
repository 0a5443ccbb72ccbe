import type { RequestContext } from "~/edge/request-context";
import type { SessionUser } from "~/session/session.server";
import type { Actor } from "./change-controls.server";

export function actorFor(user: SessionUser, context: RequestContext): Actor {
  return { customerId: user.id, role: user.roles[0] ?? null, ip: context.ip, userAgent: context.userAgent };
}

