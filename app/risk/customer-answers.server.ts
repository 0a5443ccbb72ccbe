import crypto from "node:crypto";
import type { AuthorizationRow } from "../../db/schema";
import { appendAudit } from "~/audit/audit-log.server";
import { now as clockNow } from "~/clock.server";
import { inWriteTransaction, lockRowsSupported } from "~/db.server";

export type CustomerAnswer = "confirmed" | "denied";

export type AnswerErrorCode = "not_found" | "not_answerable" | "already_answered";

/** not_found → 404; the others → 409. */
export class AnswerError extends Error {
  constructor(readonly code: AnswerErrorCode) {
    super(code);
    this.name = "AnswerError";
  }
}

/** How long "this was me" lowers the risk of similar payments. */
export const ALLOWANCE_MS = 24 * 60 * 60 * 1000;

/** Only payments the engine flagged, or declined as high risk, ask the customer anything. */
export function asksCustomer(row: Pick<AuthorizationRow, "flagged" | "outcome" | "reason">): boolean {
  return row.flagged === 1 || (row.outcome === "declined" && row.reason === "high_risk");
}

/**
 * The customer's answer to a flagged or held payment, once. "This was me" lets the same
 * merchant in the same country through risk scoring for 24 hours (so the retry goes through);
 * "Not me" freezes the card at once and opens a review for the fraud team.
 */
export async function answerPayment(input: {
  customerId: string;
  role: string | null;
  ip: string | null;
  userAgent: string | null;
  cardId: string;
  authorizationId: string;
  answer: CustomerAnswer;
}): Promise<void> {
  const at = clockNow();
  await inWriteTransaction(async (trx) => {
    const lock = lockRowsSupported();
    const card = await trx
      .selectFrom("cards")
      .select(["id", "status", "last4"])
      .where("id", "=", input.cardId)
      .where("customer_id", "=", input.customerId)
      .$if(lock, (q) => q.forUpdate())
      .executeTakeFirst();
    if (!card) throw new AnswerError("not_found");
    const payment = await trx
      .selectFrom("authorizations")
      .select(["id", "flagged", "outcome", "reason", "country", "merchant_id", "merchant_name", "customer_response"])
      .where("id", "=", input.authorizationId)
      .where("card_id", "=", card.id)
      .executeTakeFirst();
    if (!payment) throw new AnswerError("not_found");
    if (!asksCustomer(payment)) throw new AnswerError("not_answerable");
    if (payment.customer_response !== null) throw new AnswerError("already_answered");

    // The `is null` guard makes the answer stick once even if two tabs answer together.
    const updated = await trx
      .updateTable("authorizations")
      .set({ customer_response: input.answer, responded_at: at.toISOString() })
      .where("id", "=", payment.id)
      .where("customer_response", "is", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AnswerError("already_answered");

    if (input.answer === "confirmed") {
      await trx
        .insertInto("risk_allowances")
        .values({ id: crypto.randomUUID(), card_id: card.id, country: payment.country, merchant_id: payment.merchant_id, until: new Date(at.getTime() + ALLOWANCE_MS).toISOString(), authorization_id: payment.id, created_at: at.toISOString() })
        .execute();
    } else {
      if (card.status === "active") await trx.updateTable("cards").set({ status: "frozen" }).where("id", "=", card.id).execute();
      await trx
        .insertInto("review_items")
        .values({ id: crypto.randomUUID(), kind: "customer_denied", card_id: card.id, customer_id: input.customerId, authorization_id: payment.id, status: "open", opened_at: at.toISOString(), resolved_at: null, resolved_by: null, note: null })
        .execute();
    }
    await appendAudit(
      {
        actorId: input.customerId,
        actorRole: input.role,
        action: input.answer === "confirmed" ? "payment.confirmed_by_customer" : "payment.denied_by_customer",
        subjectType: "card",
        subjectId: card.id,
        ip: input.ip,
        userAgent: input.userAgent,
        details: { authorization: payment.id, merchant: payment.merchant_name, country: payment.country, cardFrozen: input.answer === "denied" && card.status === "active" },
      },
      trx,
    );
  });
}
