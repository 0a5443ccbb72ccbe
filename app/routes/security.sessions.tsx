import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireSession } from "~/access/guards.server";
import { respondWith } from "~/access/page-outcome.server";
import { DataTable } from "~/components/data-table";
import { IntentButton } from "~/components/intent-button";
import { PageHeading } from "~/components/page-heading";
import { formatDateTime } from "~/format/dates";
import { activeSessions } from "~/session/session-list.server";
import { endSessionsFromForm } from "~/session/sign-out.server";

export const meta: MetaFunction = () => [{ title: "Signed-in devices · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const session = await requireSession(args);
  return { sessions: await activeSessions(session.user.id, session.id) };
}

export async function action(args: ActionFunctionArgs) {
  const session = await requireSession(args);
  return respondWith(await endSessionsFromForm(session, args.context, await args.request.formData()));
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
