import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireSession } from "~/access/guards.server";
import { auditActor } from "~/audit/audit-log.server";
import { DataTable } from "~/components/data-table";
import { IntentButton } from "~/components/intent-button";
import { PageHeading } from "~/components/page-heading";
import { formatDateTime } from "~/format/dates";
import { activeSessions, revokeOwnSession } from "~/session/session-list.server";
import { clearSessionCookieHeader } from "~/session/session-cookie.server";
import { revokeAllSessions } from "~/session/session.server";

export const meta: MetaFunction = () => [{ title: "Signed-in devices · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const session = await requireSession(args);
  return { sessions: await activeSessions(session.user.id, session.id) };
}

// A function, not a module-level value: zod calls at import time would ship zod to the browser.
const schema = () =>
  z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("revoke"), session: z.string().regex(/^[A-Za-z0-9_-]{16}$/) }),
  z.object({ intent: z.literal("everywhere") }),
]);

export async function action(args: ActionFunctionArgs) {
  const session = await requireSession(args);
  const parsed = schema().safeParse(Object.fromEntries(await args.request.formData()));
  if (!parsed.success) return Response.json({ message: "That request wasn't understood." }, { status: 400 });
  const audit = (action: string, details: Record<string, unknown> = {}) => ({ ...auditActor(session.user, args.context), action, subjectType: "user", subjectId: session.user.id, details });
  if (parsed.data.intent === "everywhere") {
    await revokeAllSessions(session.user.id, undefined, (count) => audit("session.signed_out_everywhere", { sessions: count }));
    args.context.setCookie(clearSessionCookieHeader());
    return redirect("/sign-in");
  }
  if (!(await revokeOwnSession(session.user.id, parsed.data.session, audit("session.revoked", { session: parsed.data.session })))) throw new Response("Not Found", { status: 404 });
  return Response.json({ message: "That device has been signed out." });
}

const COLUMNS = ["Device", "IP address", "Signed in", "Last active", { key: "actions", title: <span className="sr-only">Actions</span> }];

export default function Sessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const result = useActionData<{ message?: string }>();
  return (
    <div>
      <PageHeading title="Signed-in devices">If you don't recognise a device, sign it out, then check your passkeys.</PageHeading>
      {result?.message ? (
        <p role="status" className="mb-4 rounded border border-brand-700 bg-brand-50 p-3">
          {result.message}
        </p>
      ) : null}
      <DataTable caption="Active sessions" columns={COLUMNS}>
        {sessions.map((session) => (
          <tr key={session.id} className="border-b border-slate-200">
            <td className="p-2">
              {session.device}
              {session.current ? <strong className="ml-2">(this device)</strong> : null}
            </td>
            <td className="p-2">{session.ip}</td>
            <td className="p-2">{formatDateTime(session.createdAt)}</td>
            <td className="p-2">{formatDateTime(session.lastSeenAt)}</td>
            <td className="p-2">
              {session.current ? null : (
                <IntentButton intent="revoke" fields={{ session: session.id }} className="rounded border border-slate-500 px-3 py-1" aria-label={`Sign out ${session.device}, last active ${formatDateTime(session.lastSeenAt)}`}>
                  Sign out
                </IntentButton>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <IntentButton intent="everywhere" formClassName="mt-6" className="rounded bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800">
        Sign out everywhere
      </IntentButton>
    </div>
  );
}
