/**
 * The ISO 4217 currencies Strongroom can hold or see on a card payment, with their
 * minor-unit exponents. The exponent is what turns an integer of minor units into a
 * displayed amount, so it must match ISO 4217 rather than local cash practice
 * (HUF and CZK keep two decimals here even though coins for them no longer exist).
 */
export const CURRENCIES = {
  GBP: { exponent: 2, name: "Pound sterling" },
  EUR: { exponent: 2, name: "Euro" },
  USD: { exponent: 2, name: "US dollar" },
  CHF: { exponent: 2, name: "Swiss franc" },
  SEK: { exponent: 2, name: "Swedish krona" },
  NOK: { exponent: 2, name: "Norwegian krone" },
  DKK: { exponent: 2, name: "Danish krone" },
  PLN: { exponent: 2, name: "Polish złoty" },
  CZK: { exponent: 2, name: "Czech koruna" },
  HUF: { exponent: 2, name: "Hungarian forint" },
  ISK: { exponent: 0, name: "Icelandic króna" },
  JPY: { exponent: 0, name: "Japanese yen" },
  CAD: { exponent: 2, name: "Canadian dollar" },
  AUD: { exponent: 2, name: "Australian dollar" },
  NZD: { exponent: 2, name: "New Zealand dollar" },
  SGD: { exponent: 2, name: "Singapore dollar" },
  HKD: { exponent: 2, name: "Hong Kong dollar" },
  INR: { exponent: 2, name: "Indian rupee" },
  ZAR: { exponent: 2, name: "South African rand" },
  TRY: { exponent: 2, name: "Turkish lira" },
  AED: { exponent: 2, name: "UAE dirham" },
  THB: { exponent: 2, name: "Thai baht" },
  BHD: { exponent: 3, name: "Bahraini dinar" },
  KWD: { exponent: 3, name: "Kuwaiti dinar" },
  OMR: { exponent: 3, name: "Omani rial" },
} as const satisfies Record<string, { exponent: 0 | 2 | 3; name: string }>;

export type CurrencyCode = keyof typeof CURRENCIES;

export const SUPPORTED_CURRENCIES = Object.keys(CURRENCIES) as CurrencyCode[];

/**
 * Own-property lookup so that strings such as "toString" or "__proto__", which come
 * straight from card-network messages, can never pass as a currency.
 */
export function isSupportedCurrency(code: string): code is CurrencyCode {
  return Object.hasOwn(CURRENCIES, code);
}

export function minorUnitExponent(currency: CurrencyCode): 0 | 2 | 3 {
  return CURRENCIES[currency].exponent;
}
