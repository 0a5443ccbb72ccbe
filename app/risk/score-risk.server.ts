import { categoryGroupFor, isHighRiskGroup } from "~/authorization/merchant-categories";
import { activeTripCovers, includesCountry, normalizeCountry } from "~/authorization/travel";
import type { CardControls, PaymentRequest, RecentSpend } from "~/authorization/types";

/**
 * Explainable risk scoring: every point comes from a named signal with a sentence the
 * support team can read out, so a held payment can always be explained.
 */

export const RISK_SIGNAL_CODES = [
  "amount_far_above_usual",
  "new_country",
  "velocity",
  "high_risk_category",
  "first_online_use",
  "customer_confirmed",
] as const;
export type RiskSignalCode = (typeof RISK_SIGNAL_CODES)[number];

export const RISK_LEVELS = ["low", "medium", "high"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export type RiskSignal = { code: RiskSignalCode; points: number; detail: string };
export type RiskAssessment = { score: number; level: RiskLevel; signals: RiskSignal[] };

export const RISK_POINTS = {
  amountAboveUsual: 35,
  amountFarAboveUsual: 55,
  newCountry: 25,
  velocity: 30,
  highRiskCategory: 20,
  firstOnlineUse: 15,
  customerConfirmed: 0,
} as const;

/** Fewer payments than this and "usual" is noise, not a baseline. */
export const MIN_HISTORY_FOR_USUAL = 5;
export const VELOCITY_THRESHOLD = 5;
export const MEDIUM_RISK_FROM = 40;
export const HIGH_RISK_FROM = 70;
export const MAX_SCORE = 100;

export type RiskInput = {
  controls: Pick<CardControls, "travel" | "trips" | "allowances">;
  spend: Pick<RecentSpend, "countLast10Min" | "usualAmountMinor" | "historyCount" | "knownCountries" | "hasUsedOnline">;
  payment: Pick<PaymentRequest, "amountMinor" | "mcc" | "country" | "channel" | "merchantId">;
  now: Date;
};

export function riskLevelFor(score: number): RiskLevel {
  if (score >= HIGH_RISK_FROM) return "high";
  if (score >= MEDIUM_RISK_FROM) return "medium";
  return "low";
}

/** BigInt so that a multiple of a very large "usual" cannot lose precision. */
function exceedsMultiple(amount: number, usual: number, multiple: number): boolean {
  return BigInt(amount) > BigInt(usual) * BigInt(multiple);
}

function amountSignal(input: RiskInput): RiskSignal | null {
  const usual = input.spend.usualAmountMinor;
  if (usual === null || input.spend.historyCount < MIN_HISTORY_FOR_USUAL) return null;
  const amount = input.payment.amountMinor;
  if (exceedsMultiple(amount, usual, 10)) {
    return {
      code: "amount_far_above_usual",
      points: RISK_POINTS.amountFarAboveUsual,
      detail: "More than 10 times the card's usual payment.",
    };
  }
  if (exceedsMultiple(amount, usual, 3)) {
    return {
      code: "amount_far_above_usual",
      points: RISK_POINTS.amountAboveUsual,
      detail: "More than 3 times the card's usual payment.",
    };
  }
  return null;
}

function newCountrySignal(input: RiskInput): RiskSignal | null {
  const { country } = input.payment;
  const isHome = normalizeCountry(input.controls.travel.homeCountry) === normalizeCountry(country);
  if (isHome || includesCountry(input.spend.knownCountries, country)) return null;
  if (activeTripCovers(input.controls.trips, country, input.now)) return null;
  return {
    code: "new_country",
    points: RISK_POINTS.newCountry,
    detail: `First payment in ${normalizeCountry(country)} and no trip covers it.`,
  };
}

/**
 * A matching "this was me" answer still lets us show why the payment looked odd, but
 * the customer has vouched for it, so it must not be held again.
 */
function matchingAllowance(input: RiskInput): boolean {
  const at = input.now.getTime();
  const country = normalizeCountry(input.payment.country);
  return input.controls.allowances.some(
    (allowance) =>
      allowance.until.getTime() > at &&
      normalizeCountry(allowance.country) === country &&
      (allowance.merchantId === null || allowance.merchantId === input.payment.merchantId),
  );
}

export function scoreRisk(input: RiskInput): RiskAssessment {
  const signals: RiskSignal[] = [];
  const add = (signal: RiskSignal | null): void => {
    if (signal) signals.push(signal);
  };

  add(amountSignal(input));
  add(newCountrySignal(input));
  if (input.spend.countLast10Min >= VELOCITY_THRESHOLD) {
    add({
      code: "velocity",
      points: RISK_POINTS.velocity,
      detail: `${input.spend.countLast10Min} payments on this card in the last 10 minutes.`,
    });
  }
  if (isHighRiskGroup(categoryGroupFor(input.payment.mcc))) {
    add({
      code: "high_risk_category",
      points: RISK_POINTS.highRiskCategory,
      detail: "Gambling, crypto or cash-like merchant.",
    });
  }
  if (input.payment.channel === "online" && !input.spend.hasUsedOnline) {
    add({
      code: "first_online_use",
      points: RISK_POINTS.firstOnlineUse,
      detail: "First online payment on this card.",
    });
  }

  const score = Math.min(
    MAX_SCORE,
    signals.reduce((sum, signal) => sum + signal.points, 0),
  );

  if (matchingAllowance(input)) {
    signals.push({
      code: "customer_confirmed",
      points: RISK_POINTS.customerConfirmed,
      detail: "The customer confirmed a similar payment was theirs.",
    });
    return { score, level: "low", signals };
  }
  return { score, level: riskLevelFor(score), signals };
}
