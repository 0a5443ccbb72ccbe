import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { proposalById } from "~/approvals/approvals.server";
import { assertApprovalId, decideAction, type DecisionAnswer } from "~/approvals/decision-page.server";
import { DecisionForm } from "~/approvals/decision-form";
import { ProposalSummary } from "~/approvals/proposal-summary";
import type { ConfirmationRequired } from "~/auth/change-confirmation-fields";
import { PageHeading } from "~/components/page-heading";
import { requireStaff } from "~/staff/staff-actor.server";
import { StaffNav } from "~/staff/staff-nav";

export const meta: MetaFunction = () => [{ title: "Decide a proposal · Staff console · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const staff = await requireStaff(args, "approve:change:any");
  const proposal = await proposalById(staff, assertApprovalId(args.params.approvalId));
  // Staff role grants are decided by admins, on the admin pages.
  if (proposal.kind === "staff.grant_role") throw new Response("Not found", { status: 404 });
  return { proposal, mine: proposal.proposedBy === staff.id };
}

export async function action(args: ActionFunctionArgs) {
  const { status, answer, decided } = await decideAction(args, "approve:change:any");
  if (decided) return redirect(`/staff/approvals?notice=${decided}`);
  return data<DecisionAnswer | ConfirmationRequired>(answer, { status });
}

export default function DecideProposal() {
  const { proposal, mine } = useLoaderData<typeof loader>();
  const result = useActionData<DecisionAnswer | ConfirmationRequired>();
  const answer = result && "reply" in result ? result : undefined;
  const open = proposal.status === "pending" && !proposal.expired;
  return (
    <div>
      <StaffNav />
      <PageHeading title={proposal.kindLabel} back={{ to: "/staff/approvals", label: "Back to approvals" }}>Read what changes, then approve with your passkey or reject with a comment.</PageHeading>
      <ProposalSummary proposal={proposal} />
      {open && proposal.cannotApprove ? (
        <p role="note" className="mt-6 max-w-2xl rounded border-2 border-amber-700 bg-amber-50 p-3">
          {proposal.cannotApprove}
        </p>
      ) : null}
      {open && !mine ? <DecisionForm lastResult={answer?.reply} /> : null}
    </div>
  );
}
