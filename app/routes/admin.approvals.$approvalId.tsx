import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GRANT_ROLE_KIND } from "~/approvals/approval-kinds.server";
import { proposalById } from "~/approvals/approvals.server";
import { assertApprovalId, decideAction, type DecisionAnswer } from "~/approvals/decision-page.server";
import { DecisionForm } from "~/approvals/decision-form";
import { ProposalSummary } from "~/approvals/proposal-summary";
import type { ConfirmationRequired } from "~/auth/change-confirmation-fields";
import { PageHeading } from "~/components/page-heading";
import { requireStaff } from "~/staff/staff-actor.server";
import { StaffNav } from "~/staff/staff-nav";

export const meta: MetaFunction = () => [{ title: "Decide a role proposal · Admin · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const staff = await requireStaff(args, "manage:user:any");
  const proposal = await proposalById(staff, assertApprovalId(args.params.approvalId));
  if (proposal.kind !== GRANT_ROLE_KIND) throw new Response("Not found", { status: 404 });
  // The person the role is for may not decide it either: nobody changes their own roles.
  const mine = proposal.proposedBy === staff.id || proposal.subjectId === staff.id;
  return { proposal, mine };
}

export async function action(args: ActionFunctionArgs) {
  const { status, answer, decided } = await decideAction(args, "manage:user:any");
  if (decided) return redirect("/admin");
  return data<DecisionAnswer | ConfirmationRequired>(answer, { status });
}

export default function DecideRole() {
  const { proposal, mine } = useLoaderData<typeof loader>();
  const result = useActionData<DecisionAnswer | ConfirmationRequired>();
  const answer = result && "reply" in result ? result : undefined;
  const open = proposal.status === "pending" && !proposal.expired;
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
