import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/access/guards.server";
import { securityTimeline } from "~/audit/security-timeline.server";
import { PageHeading } from "~/components/page-heading";
import { formatDateTime } from "~/format/dates";

export const meta: MetaFunction = () => [{ title: "Security activity · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  return { entries: await securityTimeline(user.id) };
}

export default function Activity() {
  const { entries } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeading title="Security activity">Sign-ins, failed attempts and changes to your security settings. Something you don't recognise? Sign out everywhere and call us.</PageHeading>
      {entries.length === 0 ? <p>No activity yet.</p> : null}
      <ol className="space-y-2">
        {entries.map((entry) => (
          <li key={entry.seq} className="rounded border border-slate-200 bg-white p-3">
            <p className="font-semibold">{entry.label}</p>
            <p className="text-sm text-slate-700">
              {formatDateTime(entry.at)}
              {entry.device ? ` · ${entry.device}` : ""}
              {entry.ip ? ` · IP ${entry.ip}` : ""}
            </p>
            {entry.provable ? (
              <p className="text-sm">
                <a className="underline" href={`/security/activity/${entry.seq}/proof`} download>
                  Proof this entry is in our signed log (JSON)
                </a>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
