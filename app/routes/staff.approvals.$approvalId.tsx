import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { DecisionPage } from "~/approvals/decision-page";
import { decideAction, proposalToDecide, type DecisionAnswer } from "~/approvals/decision-page.server";
import type { ConfirmationRequired } from "~/auth/change-confirmation-fields";

export const meta: MetaFunction = () => [{ title: "Decide a proposal · Staff console · Strongroom" }];

export const loader = (args: LoaderFunctionArgs) => proposalToDecide(args, "staff");

export async function action(args: ActionFunctionArgs) {
  const { status, answer, returnTo } = await decideAction(args, "staff");
  return returnTo ? redirect(returnTo) : data<DecisionAnswer | ConfirmationRequired>(answer, { status });
}

export default function DecideProposal() {
  return <DecisionPage back={{ to: "/staff/approvals", label: "Back to approvals" }} intro="Read what changes, then approve with your passkey or reject with a comment." note={(proposal) => proposal.cannotApprove} />;
}
