import crypto from "node:crypto";
import { isUniqueViolation } from "../../db/errors";
import type { AuthorizationRow } from "../../db/schema";
import { appendAudit, recordAuditEvent } from "~/audit/audit-log.server";
import { now as clockNow } from "~/clock.server";
import { refusalFamily } from "~/errors/domain-error";
import { controlsForEngine } from "~/controls/card-controls.server";
import { lockCardForUpdate } from "~/cards/card-lock.server";
import { inWriteTransaction, type Db } from "~/db.server";
import { convertMinor } from "~/money/exchange-rates";
import { learnFromApprovedPayment } from "~/risk/learn-from-payment.server";
import { isSupportedCurrency, type CurrencyCode } from "~/money/currencies";
import { describeDecision } from "./decline-reasons";
import { ruleLimitFor } from "./rule-limit";
import { evaluate } from "./evaluate-payment.server";
import { recentSpendAndPriorRequests, type PriorRequests } from "./recent-spend.server";
import { recordSignatureWithoutAuthorization } from "./replay-guard.server";
import type { Channel, ReasonCode } from "./types";

export interface NetworkPayment {
  cardToken: string;
  amountMinor: number;
  currency: string;
  mcc: string;
  country: string;
  channel: Channel;
  merchantId: string;
  merchantName: string;
}

export interface RequestIdentity {
  clientId: string;
  idempotencyKey: string;
  /** hash of the exact request body, to tell a retry from a different request reusing the key */
  requestHash: string;
  /** the request's signature; seen twice means an exact replay */
  signature: string;
}

export type AnswerReason = ReasonCode | "unknown_card" | "unsupported_currency";

export interface AuthorizationAnswer {
  authorizationId: string | null;
  decision: "approve" | "decline";
  reason: AnswerReason;
  message: string;
  riskLevel: "low" | "medium" | "high" | null;
  amountMinor: number | null;
  currency: string | null;
  /** true when this is the stored answer to an earlier request with the same idempotency key */
  replayed: boolean;
}

export type PaymentRequestRefusal = "replayed" | "idempotency_conflict";

/** A request the network must not have answered again: the one error family, with its own reasons. */
export const PaymentRequestError = refusalFamily<PaymentRequestRefusal>("PaymentRequestError", {
  replayed: { code: "conflict", message: "This exact signed request was already received. Sign retries again with a new timestamp." },
  idempotency_conflict: { code: "invalid_input", message: "This Idempotency-Key was already used for a different request." },
});

export function isPaymentRequestError(error: unknown): error is InstanceType<typeof PaymentRequestError> {
  return error instanceof PaymentRequestError;
}

const ANSWER_COLUMNS = ["id", "request_hash", "outcome", "reason", "country", "channel", "merchant_name", "risk_level", "amount_minor", "currency", "rule_limit_minor"] as const;

function answerFrom(row: Pick<AuthorizationRow, (typeof ANSWER_COLUMNS)[number]>, replayed: boolean): AuthorizationAnswer {
  return {
    authorizationId: row.id,
    decision: row.outcome === "approved" ? "approve" : "decline",
    reason: row.reason as AnswerReason,
    message: describeDecision(row.reason as ReasonCode, {
      country: row.country,
      channel: row.channel as Channel,
      merchantName: row.merchant_name,
      amountMinor: Number(row.amount_minor),
      currency: isSupportedCurrency(row.currency) ? row.currency : undefined,
      limitMinor: row.rule_limit_minor === null ? null : Number(row.rule_limit_minor),
    }).message,
    riskLevel: row.risk_level,
    amountMinor: row.amount_minor,
    currency: row.currency,
    replayed,
  };
}


/** The stored answer a retry gets, unchanged, unless its key was used for a different request. */
async function storedAnswer(trx: Db, authorizationId: string, identity: RequestIdentity): Promise<AuthorizationAnswer> {
  const row = await trx.selectFrom("authorizations").select(ANSWER_COLUMNS).where("id", "=", authorizationId).executeTakeFirstOrThrow();
  if (row.request_hash !== identity.requestHash) throw new PaymentRequestError("idempotency_conflict");
  return answerFrom(row, true);
}

const declineWithoutCard = (reason: "unknown_card" | "unsupported_currency", message: string): AuthorizationAnswer => ({
  authorizationId: null,
  decision: "decline",
  reason,
  message,
  riskLevel: null,
  amountMinor: null,
  currency: null,
  replayed: false,
});

type LockedCard = NonNullable<Awaited<ReturnType<typeof lockCard>>>;
type Prior = PriorRequests;
type Decision = ReturnType<typeof evaluate>;

/** Step 1: the card and its account come back, and are locked, in one statement. */
function lockCard(trx: Db, cardToken: string) {
  return lockCardForUpdate(trx, { token: cardToken })
    .innerJoin("accounts", "accounts.id", "cards.account_id")
    .select([
      "cards.id",
      "cards.account_id",
      "cards.customer_id",
      "cards.status",
      "cards.settings",
      "cards.usual_amount_minor",
      "cards.history_count",
      "cards.known_countries",
      "cards.has_used_online",
      "accounts.currency as account_currency",
      "accounts.available_minor as account_available_minor",
    ])
    .executeTakeFirst();
}

export type RequestClass = { kind: "new" } | { kind: "resent"; answerOf: string } | { kind: "retry"; answerOf: string } | { kind: "replay" };

/**
 * Step 2, read under the card lock so a concurrent twin has committed or waits behind us.
 * The same signature under the key that already holds its answer is the same request sent
 * again (a proxy retrying after an instance died, a network retry after a lost answer): it
 * gets the first answer and changes nothing. The same signature under any other key is a
 * replay (refused); the same key signed afresh is a retry, answered as the first time.
 */
export function classifyRequest(prior: Prior): RequestClass {
  if (prior.retryOf !== null && (prior.replayOf === prior.retryOf || (prior.replayOf === null && prior.seenWithoutAuthorization))) return { kind: "resent", answerOf: prior.retryOf };
  if (prior.replayOf || prior.seenWithoutAuthorization) return { kind: "replay" };
  if (prior.retryOf) return { kind: "retry", answerOf: prior.retryOf };
  return { kind: "new" };
}

/** Step 4: the decision, the hold on the balance, what risk learns, a review and the audit entry, together. */
async function recordDecision(
  trx: Db,
  card: LockedCard,
  payment: NetworkPayment,
  identity: RequestIdentity,
  amountMinor: number,
  decision: Decision & { ruleLimitMinor: number | null },
  knownCountries: readonly string[],
  at: Date,
): Promise<AuthorizationRow> {
  const row: AuthorizationRow = {
    id: crypto.randomUUID(),
    card_id: card.id,
    account_id: card.account_id,
    client_id: identity.clientId,
    idempotency_key: identity.idempotencyKey,
    request_hash: identity.requestHash,
    created_at: at.toISOString(),
    amount_minor: amountMinor,
    currency: card.account_currency,
    original_amount_minor: payment.amountMinor,
    original_currency: payment.currency,
    merchant_name: payment.merchantName,
    merchant_id: payment.merchantId,
    mcc: payment.mcc,
    country: payment.country,
    channel: payment.channel,
    outcome: decision.outcome,
    reason: decision.reason,
    risk_score: decision.risk.score,
    risk_level: decision.risk.level,
    risk_signals: JSON.stringify(decision.risk.signals),
    flagged: decision.flagged ? 1 : 0,
    customer_response: null,
    responded_at: null,
    signature: identity.signature,
    transaction_id: null,
    rule_limit_minor: decision.ruleLimitMinor,
  };
  try {
    await trx.insertInto("authorizations").values(row).execute();
  } catch (error) {
    // The same key sent for another card passed that card's lock at the same moment; the
    // unique index on (client, key) is the last word, and the answer is the same 422.
    if (isUniqueViolation(error)) throw new PaymentRequestError("idempotency_conflict");
    throw error;
  }
  if (decision.outcome === "approved") {
    // The hold comes off the available balance now; the posted transaction settles it later.
    await trx.updateTable("accounts").set((eb) => ({ available_minor: eb("available_minor", "-", amountMinor) })).where("id", "=", card.account_id).execute();
    await learnFromApprovedPayment(trx, card, { country: payment.country, channel: payment.channel, amountMinor }, knownCountries);
  }
  // High risk declines and opens a case; medium approves, and staff look at it too.
  if (decision.openReview || decision.flagged) {
    await trx
      .insertInto("review_items")
      .values({ id: crypto.randomUUID(), kind: decision.openReview ? "high_risk" : "flagged", card_id: card.id, customer_id: card.customer_id, authorization_id: row.id, status: "open", opened_at: row.created_at, resolved_at: null, resolved_by: null, note: null })
      .execute();
  }
  await appendAudit(
    {
      actorId: null,
      actorRole: "card-network",
      action: `authorization.${decision.outcome}`,
      subjectType: "card",
      subjectId: card.id,
      details: { authorization: row.id, client: identity.clientId, reason: decision.reason, amountMinor, currency: card.account_currency, risk: decision.risk.level, flagged: decision.flagged },
    },
    trx,
  );
  return row;
}

/**
 * The shell around the pure engine, in four steps: lock the card, classify the request
 * (new, resent, retry or replay), decide, record. One transaction per payment, serialised per
 * card (PostgreSQL row locks; SQLite BEGIN IMMEDIATE), so concurrent payments can never
 * together pass a limit; decision, spend, risk profile and audit commit together.
 */
export async function authorizePayment(payment: NetworkPayment, identity: RequestIdentity & { ip?: string; userAgent?: string }): Promise<AuthorizationAnswer> {
  try {
    return await decideInTransaction(payment, identity);
  } catch (error) {
    // The payment's transaction rolled back; the replay attempt itself is still worth a record.
    if (isPaymentRequestError(error) && error.reason === "replayed") {
      await recordAuditEvent({ actorId: null, actorRole: "card-network", action: "api.replay_rejected", ip: identity.ip ?? null, userAgent: identity.userAgent ?? null, details: { client: identity.clientId } });
    }
    throw error;
  }
}

function decideInTransaction(payment: NetworkPayment, identity: RequestIdentity): Promise<AuthorizationAnswer> {
  return inWriteTransaction(async (trx) => {
    const card = await lockCard(trx, payment.cardToken);
    if (!card) {
      // No card, no lock: the signature table's primary key settles concurrent twins.
      if (!(await recordSignatureWithoutAuthorization(trx, identity.signature))) throw new PaymentRequestError("replayed");
      await appendAudit({ actorId: null, actorRole: "card-network", action: "authorization.unknown_card", details: { client: identity.clientId } }, trx);
      return declineWithoutCard("unknown_card", "Declined: this card is not known to Strongroom.");
    }

    const at = clockNow();
    const { spend, prior } = await recentSpendAndPriorRequests(trx, card, card.account_available_minor, at, identity);
    const request = classifyRequest(prior);
    switch (request.kind) {
      case "resent":
        return storedAnswer(trx, request.answerOf, identity);
      case "replay":
        throw new PaymentRequestError("replayed");
      case "retry": {
        const answer = await storedAnswer(trx, request.answerOf, identity);
        await recordSignatureWithoutAuthorization(trx, identity.signature);
        return answer;
      }
      case "new":
        break;
    }

    // Step 3: decide, in the account's currency.
    const declineCurrency = async () => {
      await recordSignatureWithoutAuthorization(trx, identity.signature);
      await appendAudit({ actorId: null, actorRole: "card-network", action: "authorization.unsupported_currency", subjectType: "card", subjectId: card.id, details: { currency: payment.currency } }, trx);
      return declineWithoutCard("unsupported_currency", `Declined because payments in ${payment.currency} are not supported.`);
    };
    if (!isSupportedCurrency(payment.currency)) return declineCurrency();
    const amountMinor = convertMinor(payment.amountMinor, payment.currency, card.account_currency);
    if (amountMinor === null || amountMinor <= 0) return declineCurrency();
    const controls = await controlsForEngine(trx, card, at);
    const decision = evaluate(
      controls,
      spend,
      {
        amountMinor,
        currency: card.account_currency as CurrencyCode,
        originalAmountMinor: payment.amountMinor,
        originalCurrency: payment.currency,
        mcc: payment.mcc,
        country: payment.country,
        channel: payment.channel,
        merchantId: payment.merchantId,
        merchantName: payment.merchantName,
      },
      at,
    );

    const row = await recordDecision(trx, card, payment, identity, amountMinor, { ...decision, ruleLimitMinor: ruleLimitFor(decision.reason, controls, payment.channel) }, spend.knownCountries, at);
    return answerFrom(row, false);
  });
}
