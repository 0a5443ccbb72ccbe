import { PageHeading } from "~/components/page-heading";
import { StaffNav } from "~/staff/staff-nav";
import { DecisionForm } from "./decision-form";
import { ProposalSummary } from "./proposal-summary";
import { useDecisionPage } from "./use-decision-page";

type Proposal = ReturnType<typeof useDecisionPage>["proposal"];

/**
 * A page where a second person decides a proposal: what changes, then approve (with a passkey)
 * or reject (with a comment); never the proposer or the person it is about. `note` says, while
 * it is open, what this person may not do with it.
 */
export function DecisionPage({ back, intro, note }: { back: { to: string; label: string }; intro: string; note: (proposal: Proposal, mine: boolean) => string | null }) {
  const { proposal, mine, answer, open } = useDecisionPage();
  const said = open ? note(proposal, mine) : null;
  return (
    <div>
      <StaffNav />
      <PageHeading title={proposal.kindLabel} back={back}>
        {intro}
      </PageHeading>
      <ProposalSummary proposal={proposal} />
      {said ? (
        <p role="note" className="mt-6 max-w-2xl rounded border-2 border-amber-700 bg-amber-50 p-3">
          {said}
        </p>
      ) : null}
      {open && !mine ? <DecisionForm lastResult={answer?.reply} /> : null}
    </div>
  );
}
