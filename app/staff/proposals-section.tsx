import { Link } from "@remix-run/react";
import { statusWords } from "~/approvals/proposal-summary";
import { formatDateTime } from "~/format/dates";
import { Section } from "./customer-sections";

interface ProposalLine {
  id: string;
  kindLabel: string;
  after: string;
  status: string;
  expired: boolean;
  expiresAt: string | null;
  proposedByName: string;
  cannotApprove: string | null;
  comment: string | null;
}

/**
 * What is waiting for a second person on this customer: re-enrolment and the customer's own
 * loosening, which a supervisor may let through early — never a gambling block.
 */
export function ProposalsSection({ proposals, canDecide, gamblingNote }: { proposals: ProposalLine[]; canDecide: boolean; gamblingNote: string }) {
  return (
    <Section id="proposals-heading" title="Proposals and waiting changes">
      {proposals.length === 0 ? <p>Nothing is waiting for approval.</p> : null}
      <ul className="space-y-2">
        {proposals.map((proposal) => (
          <li key={proposal.id} className="border-b border-slate-200 pb-2">
            <p>
              <span className="font-semibold">{proposal.kindLabel}</span>: {proposal.after}
            </p>
            <p className="text-sm text-slate-700">
              {statusWords(proposal)}
              {proposal.status === "pending" && !proposal.expired ? ` until ${formatDateTime(proposal.expiresAt)}` : ""} · proposed by {proposal.proposedByName}
              {proposal.comment ? ` · “${proposal.comment}”` : ""}
            </p>
            {canDecide && proposal.status === "pending" && !proposal.expired ? (
              proposal.cannotApprove ? (
                <p className="text-sm">{proposal.cannotApprove}</p>
              ) : (
                <Link to={`/staff/approvals/${proposal.id}`}>
                  Review and decide<span className="sr-only"> {proposal.kindLabel}</span>
                </Link>
              )
            ) : null}
          </li>
        ))}
      </ul>
      <p className="mt-3 rounded border-l-4 border-amber-700 bg-amber-50 p-2 text-sm">{gamblingNote}</p>
    </Section>
  );
}
