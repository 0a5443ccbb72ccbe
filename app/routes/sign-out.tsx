import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireSession } from "~/access/guards.server";
import { auditActor } from "~/audit/audit-log.server";
import { clearSessionCookieHeader } from "~/session/session-cookie.server";
import { revokeSession } from "~/session/session.server";

export async function loader() {
  return redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  const session = await requireSession(args);
  await revokeSession(session.id, { ...auditActor(session.user, args.context), action: "session.signed_out", subjectType: "session", subjectId: session.id });
  args.context.setCookie(clearSessionCookieHeader());
  return redirect("/");
}
