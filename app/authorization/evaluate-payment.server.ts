import { isSupportedCurrency } from "~/money/currencies";
import { scoreRisk, type RiskAssessment } from "~/risk/score-risk.server";
import { categoryGroupFor } from "./merchant-categories";
import { travelVerdict } from "./travel";
import type { CardControls, DeclineReason, PaymentRequest, ReasonCode, RecentSpend } from "./types";

export { CHANNELS, REASON_CODES } from "./types";
export type {
  Allowance,
  CardControls,
  CardStatus,
  Channel,
  DeclineReason,
  PaymentRequest,
  ReasonCode,
  RecentSpend,
  TravelMode,
  Trip,
} from "./types";
export type { RiskAssessment, RiskLevel, RiskSignal, RiskSignalCode } from "~/risk/score-risk.server";

export type Decision = {
  outcome: "approved" | "declined";
  reason: ReasonCode;
  risk: RiskAssessment;
  /** Medium risk: approved, but shown to the customer to confirm. */
  flagged: boolean;
  /** High risk: declined, and a staff review item must be opened. */
  openReview: boolean;
};

/**
 * Exact "spent + amount > limit" check. Each operand is a safe integer but their sum
 * need not be, and a rounded sum could wave a payment through at the boundary.
 */
function exceedsLimit(spentMinor: number, amountMinor: number, limitMinor: number | null | undefined): boolean {
  if (limitMinor === null || limitMinor === undefined) return false;
  return BigInt(spentMinor) + BigInt(amountMinor) > BigInt(limitMinor);
}

function assertMinor(value: number, label: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${label} must be a safe integer of minor units`);
}

/**
 * Malformed input is a bug in the caller (conversion or spend aggregation), not a
 * customer decision, so it throws instead of inventing a decline reason.
 */
function assertWellFormed(controls: CardControls, spend: RecentSpend, payment: PaymentRequest, now: Date): void {
  if (Number.isNaN(now.getTime())) throw new RangeError("now must be a valid date");
  assertMinor(payment.amountMinor, "payment.amountMinor");
  if (payment.amountMinor <= 0) throw new RangeError("payment.amountMinor must be positive");
  assertMinor(payment.originalAmountMinor, "payment.originalAmountMinor");
  if (!isSupportedCurrency(payment.currency)) throw new RangeError("payment.currency is not supported");
  if (!isSupportedCurrency(payment.originalCurrency)) throw new RangeError("payment.originalCurrency is not supported");
  const { limits } = controls;
  const spent = { "spend.dailyMinor": spend.dailyMinor, "spend.weeklyMinor": spend.weeklyMinor, "spend.monthlyMinor": spend.monthlyMinor, "spend.availableMinor": spend.availableMinor, "spend.channelDailyMinor": spend.channelDailyMinor[payment.channel] };
  for (const [label, value] of Object.entries(spent)) assertMinor(value, label);
  // A limit or block the customer has not set is null (or absent for a channel).
  const set = { "limits.perPayment": limits.perPayment, "limits.daily": limits.daily, "limits.weekly": limits.weekly, "limits.monthly": limits.monthly, "limits.channelDaily": limits.channelDaily[payment.channel], amountBlocks: controls.amountBlocks[payment.channel] };
  for (const [label, value] of Object.entries(set)) if (value !== null && value !== undefined) assertMinor(value, label);
  if (spend.usualAmountMinor !== null) assertMinor(spend.usualAmountMinor, "spend.usualAmountMinor");
}

type Rule = { reason: DeclineReason; fails: () => boolean };

/**
 * The rules in the order the product promises. The first that fails is the reason
 * the customer is told, so reordering this list changes what customers read.
 */
function rulesFor(controls: CardControls, spend: RecentSpend, payment: PaymentRequest, now: Date): Rule[] {
  const { amountMinor, channel } = payment;
  const { limits } = controls;
  const travel = (): ReturnType<typeof travelVerdict> => travelVerdict(controls, payment.country, now);
  return [
    { reason: "card_frozen", fails: () => controls.cardStatus === "frozen" },
    // Anything other than active or frozen — including an unknown status — is unusable.
    { reason: "card_inactive", fails: () => controls.cardStatus !== "active" },
    // Strict check against true so a missing flag means "off", not "on".
    { reason: "channel_disabled", fails: () => controls.channels[channel] !== true },
    { reason: "category_blocked", fails: () => controls.blockedCategories.includes(categoryGroupFor(payment.mcc)) },
    { reason: "merchant_blocked", fails: () => controls.blockedMerchantIds.includes(payment.merchantId) },
    { reason: "country_blocked", fails: () => travel() === "country_blocked" },
    { reason: "country_not_allowed", fails: () => travel() === "country_not_allowed" },
    { reason: "amount_block_exceeded", fails: () => exceedsLimit(0, amountMinor, controls.amountBlocks[channel]) },
    { reason: "per_payment_limit_exceeded", fails: () => exceedsLimit(0, amountMinor, limits.perPayment) },
    { reason: "daily_limit_exceeded", fails: () => exceedsLimit(spend.dailyMinor, amountMinor, limits.daily) },
    { reason: "weekly_limit_exceeded", fails: () => exceedsLimit(spend.weeklyMinor, amountMinor, limits.weekly) },
    { reason: "monthly_limit_exceeded", fails: () => exceedsLimit(spend.monthlyMinor, amountMinor, limits.monthly) },
    {
      reason: "channel_daily_limit_exceeded",
      fails: () => exceedsLimit(spend.channelDailyMinor[channel], amountMinor, limits.channelDaily[channel]),
    },
    { reason: "insufficient_funds", fails: () => amountMinor > spend.availableMinor },
  ];
}

export function firstFailingRule(
  controls: CardControls,
  spend: RecentSpend,
  payment: PaymentRequest,
  now: Date,
): DeclineReason | null {
  return rulesFor(controls, spend, payment, now).find((rule) => rule.fails())?.reason ?? null;
}

export function evaluate(controls: CardControls, spend: RecentSpend, payment: PaymentRequest, now: Date): Decision {
  assertWellFormed(controls, spend, payment, now);

  // Scored for rule declines too: the explanation helps support even when a rule decided.
  const risk = scoreRisk({ controls, spend, payment, now });

  const failed = firstFailingRule(controls, spend, payment, now);
  if (failed !== null) {
    return { outcome: "declined", reason: failed, risk, flagged: false, openReview: false };
  }
  if (risk.level === "high") {
    return { outcome: "declined", reason: "high_risk", risk, flagged: false, openReview: true };
  }
  return { outcome: "approved", reason: "approved", risk, flagged: risk.level === "medium", openReview: false };
}
