import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { DecisionPage } from "~/approvals/decision-page";
import { decideAction, proposalToDecide, type DecisionAnswer } from "~/approvals/decision-page.server";
import type { ConfirmationRequired } from "~/auth/change-confirmation-fields";

export const meta: MetaFunction = () => [{ title: "Decide a role proposal · Admin · Strongroom" }];

export const loader = (args: LoaderFunctionArgs) => proposalToDecide(args, "admin");

export async function action(args: ActionFunctionArgs) {
  const { status, answer, returnTo } = await decideAction(args, "admin");
  return returnTo ? redirect(returnTo) : data<DecisionAnswer | ConfirmationRequired>(answer, { status });
}

export default function DecideRole() {
  return <DecisionPage back={{ to: "/admin", label: "Back to staff accounts" }} intro="Approve with your passkey, or reject with a comment." note={(_proposal, mine) => (mine ? "You proposed this or it is about you, so another admin decides it." : null)} />;
}
