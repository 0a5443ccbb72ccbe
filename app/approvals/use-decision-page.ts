import { useActionData, useLoaderData } from "@remix-run/react";
import type { ConfirmationRequired } from "~/auth/change-confirmation-fields";
import type { DecisionAnswer, proposalToDecide } from "./decision-page.server";

/** What a decision page works from: the proposal, whether it is still open, whether it is this person's own, and the form's last answer. */
export function useDecisionPage() {
  const { proposal, mine } = useLoaderData<typeof proposalToDecide>();
  const result = useActionData<DecisionAnswer | ConfirmationRequired>();
  return { proposal, mine, answer: result && "reply" in result ? result : undefined, open: proposal.status === "pending" && !proposal.expired };
}
