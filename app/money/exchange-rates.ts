import { type CurrencyCode, isSupportedCurrency, minorUnitExponent } from "./currencies";
import { assertSafeMinor, type Money } from "./money";

/** Rates are integers: the value of one major unit in GBP, multiplied by RATE_SCALE. */
export const RATE_SCALE = 1_000_000;

/**
 * DEMO DATA — NOT MARKET RATES. A fixed, hand-rounded table so that the demo and the
 * tests are reproducible. A real deployment takes rates from the card scheme for the
 * settlement date; nothing here is fit for pricing real payments.
 */
export const DEMO_RATES_AS_OF = "2026-11-02";

export const DEMO_RATES_TO_GBP: Readonly<Record<CurrencyCode, number>> = {
  GBP: 1_000_000,
  EUR: 860_000,
  USD: 757_600,
  CHF: 935_000,
  SEK: 78_000,
  NOK: 73_000,
  DKK: 115_300,
  PLN: 202_000,
  CZK: 34_500,
  HUF: 2_050,
  ISK: 5_880,
  JPY: 5_100,
  CAD: 540_000,
  AUD: 492_000,
  NZD: 435_000,
  SGD: 585_000,
  HKD: 97_500,
  INR: 8_800,
  ZAR: 42_500,
  TRY: 18_000,
  AED: 206_300,
  THB: 23_400,
  BHD: 2_014_900,
  KWD: 2_470_000,
  OMR: 1_970_300,
};

/** Integer division rounding half away from zero; `denominator` must be positive. */
export function divideRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const absRemainder = remainder < 0n ? -remainder : remainder;
  if (absRemainder * 2n >= denominator) return quotient + (numerator < 0n ? -1n : 1n);
  return quotient;
}

/**
 * Converts minor units of `from` into minor units of `to` through GBP, adjusting for
 * the two exponents (pence → yen → fils). All arithmetic is BigInt so there is no
 * intermediate float; there is exactly one rounding, at the end.
 * Returns null when either currency is unknown. Throws if the result would not be a
 * safe integer, because a silently rounded amount is worse than a failed one.
 */
export function convertMinor(amountMinor: number, from: string, to: string): number | null {
  assertSafeMinor(amountMinor);
  if (!isSupportedCurrency(from) || !isSupportedCurrency(to)) return null;
  // `|| 0`: a negative zero (from negating 0) is not an amount anyone should see or store.
  if (from === to) return amountMinor || 0;
  const numerator =
    BigInt(amountMinor) * BigInt(DEMO_RATES_TO_GBP[from]) * 10n ** BigInt(minorUnitExponent(to));
  const denominator = BigInt(DEMO_RATES_TO_GBP[to]) * 10n ** BigInt(minorUnitExponent(from));
  const converted = divideRoundHalfAwayFromZero(numerator, denominator);
  if (converted > BigInt(Number.MAX_SAFE_INTEGER) || converted < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`Converted amount of ${from} ${amountMinor} into ${to} is out of range`);
  }
  return Number(converted);
}

export function convertMoney(value: Money, to: string): Money | null {
  const amountMinor = convertMinor(value.amountMinor, value.currency, to);
  if (amountMinor === null || !isSupportedCurrency(to)) return null;
  return { amountMinor, currency: to };
}
