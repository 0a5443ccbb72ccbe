import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { respondWith } from "~/access/page-outcome.server";
import { DecisionPage } from "~/approvals/decision-page";
import { decideAction, proposalToDecide } from "~/approvals/decision-page.server";

export const meta: MetaFunction = () => [{ title: "Decide a proposal · Staff console · Strongroom" }];

export const loader = (args: LoaderFunctionArgs) => proposalToDecide(args, "staff");

export const action = async (args: ActionFunctionArgs) => respondWith(await decideAction(args, "staff"));

export default function DecideProposal() {
  return <DecisionPage back={{ to: "/staff/approvals", label: "Back to approvals" }} intro="Read what changes, then approve with your passkey or reject with a comment." note={(proposal) => proposal.cannotApprove} />;
}
