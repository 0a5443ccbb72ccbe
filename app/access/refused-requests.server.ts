import { recordAuditEvent } from "~/audit/audit-log.server";
import type { RequestContext } from "~/edge/request-context";
import { getSession, type SessionUser } from "~/session/session.server";

/**
 * A request turned away at the door (a permission it lacks, a forged form), on record with
 * who asked, the path and from where. `user` is the signed-in person when the caller already
 * has them; otherwise the session is read, and an anonymous request is recorded as such.
 */
export async function recordRefusedRequest(
  args: { request: Request; context: RequestContext },
  action: string,
  details: Record<string, unknown>,
  user?: SessionUser | null,
): Promise<void> {
  const who = user === undefined ? (await getSession(args.request, args.context))?.user : user;
  await recordAuditEvent({
    actorId: who?.id ?? null,
    actorRole: who?.roles[0] ?? null,
    action,
    subjectType: "route",
    subjectId: new URL(args.request.url).pathname.slice(0, 512),
    ip: args.context.ip,
    userAgent: args.context.userAgent,
    details,
  });
}
