import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { decideAction, proposalToDecide, type DecisionAnswer } from "~/approvals/decision-page.server";
import { DecisionForm } from "~/approvals/decision-form";
import { ProposalSummary } from "~/approvals/proposal-summary";
import { useDecisionPage } from "~/approvals/use-decision-page";
import type { ConfirmationRequired } from "~/auth/change-confirmation-fields";
import { PageHeading } from "~/components/page-heading";
import { StaffNav } from "~/staff/staff-nav";

export const meta: MetaFunction = () => [{ title: "Decide a role proposal · Admin · Strongroom" }];

export const loader = (args: LoaderFunctionArgs) => proposalToDecide(args, "admin");

export async function action(args: ActionFunctionArgs) {
  const { status, answer, returnTo } = await decideAction(args, "admin");
  return returnTo ? redirect(returnTo) : data<DecisionAnswer | ConfirmationRequired>(answer, { status });
}

export default function DecideRole() {
  const { proposal, mine, answer, open } = useDecisionPage();
  return (
    <div>
      <StaffNav />
      <PageHeading title={proposal.kindLabel} back={{ to: "/admin", label: "Back to staff accounts" }}>Approve with your passkey, or reject with a comment.</PageHeading>
      <ProposalSummary proposal={proposal} />
      {open && mine ? (
        <p role="note" className="mt-6 max-w-2xl rounded border-2 border-amber-700 bg-amber-50 p-3">
          You proposed this or it is about you, so another admin decides it.
        </p>
      ) : null}
      {open && !mine ? <DecisionForm lastResult={answer?.reply} /> : null}
    </div>
  );
}
