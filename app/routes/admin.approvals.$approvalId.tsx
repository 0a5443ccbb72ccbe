import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { respondWith } from "~/access/page-outcome.server";
import { DecisionPage } from "~/approvals/decision-page";
import { decideAction, proposalToDecide } from "~/approvals/decision-page.server";

export const meta: MetaFunction = () => [{ title: "Decide a role proposal · Admin · Strongroom" }];

export const loader = (args: LoaderFunctionArgs) => proposalToDecide(args, "admin");

export const action = async (args: ActionFunctionArgs) => respondWith(await decideAction(args, "admin"));

export default function DecideRole() {
  return <DecisionPage back={{ to: "/admin", label: "Back to staff accounts" }} intro="Approve with your passkey, or reject with a comment." note={(_proposal, mine) => (mine ? "You proposed this or it is about you, so another admin decides it." : null)} />;
}
