import { formatDateTime } from "~/format/dates";

export interface ProposalSummaryData {
  kindLabel: string;
  customerName: string | null;
  before: string;
  after: string;
  reason: string;
  proposedByName: string;
  proposedAt: string;
  expiresAt: string | null;
  status: string;
  expired: boolean;
  decidedByName: string | null;
  decidedAt: string | null;
  comment: string | null;
}

export function statusWords(p: Pick<ProposalSummaryData, "status" | "expired">): string {
  if (p.status === "pending") return p.expired ? "Expired" : "Waiting for a decision";
  return p.status.charAt(0).toUpperCase() + p.status.slice(1);
}

/** Before and after in words, who proposed it and why, and when it lapses. */
export function ProposalSummary({ proposal }: { proposal: ProposalSummaryData }) {
  return (
    <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
      <dt className="font-semibold">What</dt>
      <dd>
        {proposal.kindLabel}
        {proposal.customerName ? ` for ${proposal.customerName}` : ""}
      </dd>
      <dt className="font-semibold">Now</dt>
      <dd>{proposal.before}</dd>
      <dt className="font-semibold">After approval</dt>
      <dd className="font-semibold">{proposal.after}</dd>
      <dt className="font-semibold">Why</dt>
      <dd>{proposal.reason}</dd>
      <dt className="font-semibold">Proposed by</dt>
      <dd>
        {proposal.proposedByName}, {formatDateTime(proposal.proposedAt)}
      </dd>
      <dt className="font-semibold">Status</dt>
      <dd>
        {statusWords(proposal)}
        {proposal.status === "pending" && !proposal.expired && proposal.expiresAt ? ` (expires ${formatDateTime(proposal.expiresAt)})` : ""}
        {proposal.decidedByName ? ` by ${proposal.decidedByName}, ${formatDateTime(proposal.decidedAt)}` : ""}
      </dd>
      {proposal.comment ? (
        <>
          <dt className="font-semibold">Comment</dt>
          <dd>{proposal.comment}</dd>
        </>
      ) : null}
    </dl>
  );
}
