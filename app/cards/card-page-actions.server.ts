import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import type { PageOutcome } from "~/access/page-outcome.server";
import { confirmationRequired, formConfirmer } from "~/auth/change-confirmation.server";
import type { ConfirmationRequired } from "~/auth/change-confirmation-fields";
import { changeCardSettings, ControlsError, merchantOfAuthorization } from "~/controls/change-controls.server";
import { actorFor } from "~/controls/request-actor.server";
import type { RequestContext } from "~/edge/request-context";
import { DomainError, isDomainError } from "~/errors/domain-error";
import { AnswerError, answerPayment } from "~/risk/customer-answers.server";
import type { SignedInSession } from "~/session/session.server";

/**
 * What the card page's buttons do beside a payment: “this was me” (loosens, so it needs the
 * passkey), “this wasn't me” (freezes the card at once) and “block this merchant”.
 */

const cardPageFormSchema = z.object({
  intent: z.enum(["confirm", "deny", "block-merchant"]),
  authorizationId: z.string().uuid(),
});

export type CardPageAnswer = { message: string } | ConfirmationRequired;

const NO_SUCH_PAYMENT = "There is no such payment on this card.";

export async function actOnCardPayment(session: SignedInSession, context: RequestContext, cardId: string, form: FormData): Promise<PageOutcome<CardPageAnswer>> {
  const submission = parseWithZod(form, { schema: cardPageFormSchema });
  if (submission.status !== "success") return { status: 400, body: { message: "That request wasn't understood. Please try again." } };
  const { intent, authorizationId } = submission.value;
  const actor = actorFor(session.user, context);
  const confirm = formConfirmer(session, context, form);
  try {
    if (intent === "block-merchant") {
      const merchant = await merchantOfAuthorization(session.user.id, cardId, authorizationId);
      if (!merchant) throw new DomainError("not_found", NO_SUCH_PAYMENT);
      await changeCardSettings({
        actor,
        cardId,
        edit: (draft) => {
          if (!draft.blockedMerchants.some((blocked) => blocked.id === merchant.id)) draft.blockedMerchants.push(merchant);
        },
        confirm,
      });
      return { goTo: `/cards/${cardId}?notice=merchant-blocked` };
    }
    const answer = intent === "confirm" ? "confirmed" : "denied";
    await answerPayment({ ...actor, cardId, authorizationId, answer, confirm });
    return { goTo: `/cards/${cardId}?notice=${answer}` };
  } catch (error) {
    const ask = confirmationRequired(error);
    if (ask) return { status: 403, body: ask };
    // Not found stays a plain not-found page; the rest is said beside the payment.
    if (isDomainError(error, "not_found")) throw error;
    if (error instanceof AnswerError) return { status: 409, body: { message: error.message } };
    if (error instanceof ControlsError) return { status: 409, body: { message: "This card can't be changed right now. Please reload the page and try again." } };
    throw error;
  }
}
