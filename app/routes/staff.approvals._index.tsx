import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { listProposals } from "~/approvals/approvals.server";
import { RE_ENROL_KIND, LOOSEN_KIND } from "~/approvals/approval-kinds.server";
import { statusWords } from "~/approvals/proposal-summary";
import { PageHeading } from "~/components/page-heading";
import { formatDateTime } from "~/format/dates";
import { requireStaff } from "~/staff/staff-actor.server";
import { StaffNav } from "~/staff/staff-nav";

export const meta: MetaFunction = () => [{ title: "Approvals · Staff console · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const staff = await requireStaff(args, "propose:change:any");
  const staffKinds = [RE_ENROL_KIND, LOOSEN_KIND];
  const [pending, decided] = await Promise.all([listProposals(staff, { status: "pending", kinds: staffKinds }), listProposals(staff, { status: "decided", kinds: staffKinds })]);
  return { pending, decided: decided.slice(0, 20), canDecide: staff.permissions.has("approve:change:any") };
}

const NOTICES: Record<string, string> = {
  proposed: "Proposal sent. A supervisor other than you decides it within 24 hours.",
  approve: "Approved and carried out. It is on the customer's timeline.",
  reject: "Rejected. The proposer sees your comment.",
};

export default function Approvals() {
  const { pending, decided, canDecide } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("notice") ?? ""];
  return (
    <div>
      <StaffNav />
      <PageHeading title="Approvals">
        Risky changes are proposed by one person and decided by a different supervisor. Nobody decides their own. A proposal lapses after 24
        hours.
      </PageHeading>
      {notice ? (
        <p role="status" className="mb-6 rounded border-2 border-brand-700 bg-brand-50 p-3">
          {notice}
        </p>
      ) : null}
      <section aria-labelledby="pending-title" className="space-y-3">
        <h2 id="pending-title" className="text-2xl font-semibold">
          Waiting for a decision ({pending.length})
        </h2>
        {pending.length === 0 ? <p>Nothing is waiting.</p> : null}
        <ul className="space-y-3">
          {pending.map((proposal) => (
            <li key={proposal.id} className="rounded-lg border border-slate-300 bg-white p-4">
              <p className="font-semibold">
                {proposal.kindLabel}
                {proposal.customerName ? ` — ${proposal.customerName}` : ""}
              </p>
              <p>After approval: {proposal.after}</p>
              <p className="text-sm text-slate-700">
                Proposed by {proposal.proposedByName}, {formatDateTime(proposal.proposedAt)}; expires {formatDateTime(proposal.expiresAt)}.
              </p>
              {canDecide ? (
                <p className="mt-2">
                  <Link to={`/staff/approvals/${proposal.id}`}>
                    {proposal.cannotApprove ? "View" : "Review and decide"}
                    <span className="sr-only"> {proposal.kindLabel}{proposal.customerName ? ` for ${proposal.customerName}` : ""}</span>
                  </Link>
                  {proposal.cannotApprove ? <span className="ml-2 text-sm text-slate-700">({proposal.cannotApprove})</span> : null}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="decided-title" className="mt-8 space-y-3">
        <h2 id="decided-title" className="text-2xl font-semibold">
          Recently decided
        </h2>
        {decided.length === 0 ? <p>Nothing decided yet.</p> : null}
        <ul className="space-y-2">
          {decided.map((proposal) => (
            <li key={proposal.id} className="rounded border border-slate-200 bg-white p-3">
              {proposal.kindLabel}
              {proposal.customerName ? ` — ${proposal.customerName}` : ""}: {statusWords(proposal)} by {proposal.decidedByName}, {formatDateTime(proposal.decidedAt)}
              {proposal.comment ? ` — “${proposal.comment}”` : ""}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
