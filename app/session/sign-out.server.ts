import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import type { PageOutcome } from "~/access/page-outcome.server";
import { auditActor } from "~/audit/audit-log.server";
import type { RequestContext } from "~/edge/request-context";
import { DomainError } from "~/errors/domain-error";
import { revokeOwnSession } from "./session-list.server";
import { clearSessionCookieHeader } from "./session-cookie.server";
import { revokeAllSessions, revokeSession, type SignedInSession } from "./session.server";

/**
 * Ending sessions: this one (sign out), another of the person's devices, or all of them.
 * Each ends the server-side row with its audit entry in one transaction; ending this
 * browser's session also clears its cookie, so nothing stale is sent again.
 */

export async function signOut(session: SignedInSession, context: RequestContext): Promise<void> {
  await revokeSession(session.id, { ...auditActor(session.user, context), action: "session.signed_out", subjectType: "session", subjectId: session.id });
  context.setCookie(clearSessionCookieHeader());
}

const devicesFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("revoke"), session: z.string().regex(/^[A-Za-z0-9_-]{16}$/) }),
  z.object({ intent: z.literal("everywhere") }),
]);

/** The signed-in devices page: sign one other device out, or every device (this one too). */
export async function endSessionsFromForm(session: SignedInSession, context: RequestContext, form: FormData): Promise<PageOutcome<{ message: string }>> {
  const submission = parseWithZod(form, { schema: devicesFormSchema });
  if (submission.status !== "success") return { status: 400, body: { message: "That request wasn't understood." } };
  const audited = (action: string, details: Record<string, unknown>) => ({ ...auditActor(session.user, context), action, subjectType: "user", subjectId: session.user.id, details });
  const choice = submission.value;
  if (choice.intent === "everywhere") {
    await revokeAllSessions(session.user.id, undefined, (count) => audited("session.signed_out_everywhere", { sessions: count }));
    context.setCookie(clearSessionCookieHeader());
    return { goTo: "/sign-in" };
  }
  const ended = await revokeOwnSession(session.user.id, choice.session, audited("session.revoked", { session: choice.session }));
  if (!ended) throw new DomainError("not_found", "That device is not signed in.");
  return { status: 200, body: { message: "That device has been signed out." } };
}
