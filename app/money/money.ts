import { CURRENCIES, type CurrencyCode, isSupportedCurrency, minorUnitExponent } from "./currencies";

/**
 * An amount in integer minor units (pence, cents, yen, fils). Never a float: binary
 * fractions cannot represent 0.10 exactly and rounding drift in a ledger is a defect.
 */
export type Money = { readonly amountMinor: number; readonly currency: CurrencyCode };

/** Throws unless `value` is an integer JavaScript can represent exactly. */
export function assertSafeMinor(value: number, label = "amountMinor"): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${label} must be a safe integer of minor units, got ${String(value)}`);
  }
}

export function money(amountMinor: number, currency: CurrencyCode): Money {
  assertSafeMinor(amountMinor);
  // The type says CurrencyCode, but values also arrive from JSON and databases.
  if (!isSupportedCurrency(currency)) {
    throw new RangeError(`Unsupported currency ${String(currency)}`);
  }
  return { amountMinor, currency };
}

/**
 * Exact decimal text for an integer of minor units, e.g. (-5, 2) → "-0.05".
 * Built from digits rather than division so it stays exact up to 2^53.
 */
export function minorToDecimalString(amountMinor: number, exponent: number): string {
  assertSafeMinor(amountMinor);
  const negative = amountMinor < 0;
  const digits = Math.abs(amountMinor).toString();
  if (exponent === 0) return `${negative ? "-" : ""}${digits}`;
  const padded = digits.padStart(exponent + 1, "0");
  const whole = padded.slice(0, padded.length - exponent);
  const fraction = padded.slice(padded.length - exponent);
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/**
 * Parses a customer-typed major amount ("12.5", "1,250.00") into minor units without
 * going through a float. Returns null for anything that is not a plain non-negative
 * decimal with at most the currency's number of decimal places.
 */
export function parseMajorAmount(input: string, currency: CurrencyCode): number | null {
  const exponent = minorUnitExponent(currency);
  const cleaned = input.trim().replace(/(?<=\d),(?=\d{3}(?:\D|$))/g, "");
  const match = /^(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!match) return null;
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (fraction.length > exponent) return null;
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, "0") || "0");
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(minor);
}

/**
 * Display only. The digit count is pinned to our ISO exponent because Intl's own
 * defaults differ for some currencies, and the value is passed as an exact decimal
 * string so large amounts are not rounded through a float.
 */
export function formatMoney(value: Money, locale = "en-GB"): string {
  const exponent = CURRENCIES[value.currency].exponent;
  return moneyFormatter(locale, value.currency, exponent).format(minorToDecimalString(value.amountMinor, exponent) as `${number}`);
}

// Building an Intl.NumberFormat costs far more than using one; a page of transactions
// formats a hundred amounts, so formatters are kept per locale and currency.
const formatters = new Map<string, Intl.NumberFormat>();

function moneyFormatter(locale: string, currency: CurrencyCode, exponent: number): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent });
    formatters.set(key, formatter);
  }
  return formatter;
}
