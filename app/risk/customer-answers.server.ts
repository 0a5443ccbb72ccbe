import crypto from "node:crypto";
import type { AuthorizationRow } from "../../db/schema";
import type { Change, ConfirmChange, ConfirmedChange } from "~/auth/change-confirmation.server";
import { appendAudit } from "~/audit/audit-log.server";
import { now as clockNow } from "~/clock.server";
import { countryLabel, cardLabel } from "~/controls/control-labels";
import { lockCardForUpdate, selectCard } from "~/cards/card-lock.server";
import { db, inWriteTransaction, type Db } from "~/db.server";
import { refusalFamily } from "~/errors/domain-error";
import { formatDateTime } from "~/format/dates";
import { isSupportedCurrency } from "~/money/currencies";
import { formatMoney } from "~/money/money";

export type CustomerAnswer = "confirmed" | "denied";

export type AnswerErrorCode = "not_found" | "not_answerable" | "already_answered";

/** An answer refused (not_found → 404, the others → 409); `reason` says which. */
export const AnswerError = refusalFamily<AnswerErrorCode>("AnswerError", {
  not_found: { code: "not_found", message: "We couldn't find that payment." },
  not_answerable: { code: "conflict", message: "This payment doesn't need an answer." },
  already_answered: { code: "conflict", message: "You've already answered about this payment." },
});

/** How long "this was me" lowers the risk of similar payments. */
export const ALLOWANCE_MS = 24 * 60 * 60 * 1000;

/** Only payments the engine flagged, or declined as high risk, ask the customer anything. */
export function asksCustomer(row: Pick<AuthorizationRow, "flagged" | "outcome" | "reason">): boolean {
  return row.flagged === 1 || (row.outcome === "declined" && row.reason === "high_risk");
}

interface Answerable {
  card: { id: string; name: string; last4: string; status: string };
  payment: Pick<AuthorizationRow, "id" | "country" | "merchant_id" | "merchant_name" | "amount_minor" | "currency" | "created_at">;
}

/**
 * The customer's own payment that still waits for an answer, or the reason it cannot be
 * answered. Ownership is in the query: someone else's card or payment is not found.
 */
async function answerable(trx: Db, customerId: string, cardId: string, authorizationId: string, lock: boolean): Promise<Answerable> {
  const key = { id: cardId, customerId };
  const card = await (lock ? lockCardForUpdate(trx, key) : selectCard(trx, key)).select(["id", "status", "name", "last4"]).executeTakeFirst();
  if (!card) throw new AnswerError("not_found");
  const payment = await trx
    .selectFrom("authorizations")
    .select(["id", "flagged", "outcome", "reason", "country", "merchant_id", "merchant_name", "customer_response", "amount_minor", "currency", "created_at"])
    .where("id", "=", authorizationId)
    .where("card_id", "=", card.id)
    .executeTakeFirst();
  if (!payment) throw new AnswerError("not_found");
  if (!asksCustomer(payment)) throw new AnswerError("not_answerable");
  if (payment.customer_response !== null) throw new AnswerError("already_answered");
  // Once the fraud team has closed the payment's case, its word stands: no answer reopens it.
  const decided = await trx.selectFrom("review_items").select("id").where("authorization_id", "=", payment.id).where("status", "=", "resolved").executeTakeFirst();
  if (decided) throw new AnswerError("already_answered");
  return { card, payment };
}

/**
 * "This was me" loosens the card: for 24 hours risk scoring lets that merchant in that country
 * through. So it is confirmed with a passkey, naming the payment and what it lets through.
 */
function allowanceChange({ card, payment }: Answerable): Change {
  const amount = isSupportedCurrency(payment.currency) ? formatMoney({ amountMinor: Number(payment.amount_minor), currency: payment.currency }) : `${payment.amount_minor} ${payment.currency}`;
  return {
    kind: "payment.allow",
    words: `Confirm the ${amount} payment to ${payment.merchant_name} on ${formatDateTime(payment.created_at)} was you, and let payments to ${payment.merchant_name} in ${countryLabel(payment.country)} through our risk checks on ${cardLabel(card)} for 24 hours`,
    facts: { card: card.id, authorization: payment.id, merchant: payment.merchant_id, country: payment.country, hours: ALLOWANCE_MS / 3_600_000 },
  };
}

/**
 * The customer's answer to a flagged or held payment, once. "This was me" lets the same
 * merchant in the same country through risk scoring for 24 hours (so the retry goes through)
 * after a passkey confirmation of exactly that (`confirm`); "Not me" tightens, so it needs none:
 * it freezes the card at once and opens a review for the fraud team.
 */
export async function answerPayment(input: {
  customerId: string;
  role: string | null;
  ip: string | null;
  userAgent: string | null;
  cardId: string;
  authorizationId: string;
  answer: CustomerAnswer;
  confirm: ConfirmChange;
}): Promise<void> {
  const at = clockNow();
  let confirmed: ConfirmedChange | null = null;
  // Asked before the write transaction: asking writes its own audit row.
  if (input.answer === "confirmed") confirmed = await input.confirm(allowanceChange(await answerable(db(), input.customerId, input.cardId, input.authorizationId, false)));
  await inWriteTransaction(async (trx) => {
    const found = await answerable(trx, input.customerId, input.cardId, input.authorizationId, true);
    const { card, payment } = found;
    if (input.answer === "confirmed") {
      if (!confirmed?.covers(allowanceChange(found))) throw new AnswerError("already_answered");
      await confirmed.record(trx);
    }

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
      // The payment's own open case (a flagged one) becomes the customer's case: one case per payment.
      const existing = await trx
        .updateTable("review_items")
        .set({ kind: "customer_denied" })
        .where("authorization_id", "=", payment.id)
        .where("customer_id", "=", input.customerId)
        .where("status", "=", "open")
        .executeTakeFirst();
      if (Number(existing.numUpdatedRows) === 0) {
        await trx
          .insertInto("review_items")
          .values({ id: crypto.randomUUID(), kind: "customer_denied", card_id: card.id, customer_id: input.customerId, authorization_id: payment.id, status: "open", opened_at: at.toISOString(), resolved_at: null, resolved_by: null, note: null })
          .execute();
      }
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
