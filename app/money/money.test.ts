import fc from "fast-check";
import { CURRENCIES, isSupportedCurrency, minorUnitExponent, SUPPORTED_CURRENCIES } from "./currencies";
import { formatMoney, minorToDecimalString, money, parseMajorAmount } from "./money";

// Intl separates some symbols with a no-break space; compare on plain spaces.
const plain = (text: string): string => text.replace(/\s/g, " ");

describe("currencies", () => {
  test("uses ISO 4217 minor-unit exponents", () => {
    expect(minorUnitExponent("GBP")).toBe(2);
    expect(minorUnitExponent("EUR")).toBe(2);
    expect(minorUnitExponent("JPY")).toBe(0);
    expect(minorUnitExponent("ISK")).toBe(0);
    expect(minorUnitExponent("BHD")).toBe(3);
    expect(minorUnitExponent("KWD")).toBe(3);
  });

  test("covers the currencies the card programme needs", () => {
    for (const code of ["GBP", "EUR", "USD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "JPY", "CAD", "AUD", "NZD", "TRY", "AED", "THB", "BHD", "KWD"]) {
      expect(isSupportedCurrency(code)).toBe(true);
    }
    expect(SUPPORTED_CURRENCIES.length).toBe(Object.keys(CURRENCIES).length);
  });

  test("rejects unknown, lower-case and prototype-property codes", () => {
    for (const code of ["XXX", "gbp", "", "toString", "__proto__", "constructor", "hasOwnProperty"]) {
      expect(isSupportedCurrency(code)).toBe(false);
    }
  });
});

describe("money constructors", () => {
  test("accepts safe integers, including zero and negatives", () => {
    expect(money(0, "GBP")).toEqual({ amountMinor: 0, currency: "GBP" });
    expect(money(-150, "EUR")).toEqual({ amountMinor: -150, currency: "EUR" });
    expect(money(Number.MAX_SAFE_INTEGER, "JPY").amountMinor).toBe(Number.MAX_SAFE_INTEGER);
  });

  test.each([1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1, -(2 ** 60)])(
    "refuses %s minor units",
    (amount) => {
      expect(() => money(amount, "GBP")).toThrow(RangeError);
    },
  );

  test("refuses an unsupported currency arriving untyped", () => {
    expect(() => money(100, "XYZ" as never)).toThrow(RangeError);
  });
});

describe("minorToDecimalString", () => {
  test.each([
    [0, 2, "0.00"],
    [5, 2, "0.05"],
    [-5, 2, "-0.05"],
    [123456, 2, "1234.56"],
    [123, 0, "123"],
    [-123, 0, "-123"],
    [1, 3, "0.001"],
    [1234, 3, "1.234"],
    [Number.MAX_SAFE_INTEGER, 2, "90071992547409.91"],
  ])("%i with exponent %i is %s", (amount, exponent, expected) => {
    expect(minorToDecimalString(amount, exponent)).toBe(expected);
  });
});

describe("parseMajorAmount", () => {
  test.each([
    ["12.34", "GBP", 1234],
    ["12.5", "GBP", 1250],
    ["12", "GBP", 1200],
    [" 0.01 ", "GBP", 1],
    ["1,250.00", "GBP", 125000],
    ["12,345,678", "GBP", 1234567800],
    ["100", "JPY", 100],
    ["12.345", "BHD", 12345],
    ["0.1", "BHD", 100],
  ] as const)("%s %s is %i minor units", (input, currency, expected) => {
    expect(parseMajorAmount(input, currency)).toBe(expected);
  });

  test.each([
    ["12.345", "GBP"],
    ["1.5", "JPY"],
    ["-1", "GBP"],
    ["1e3", "GBP"],
    ["abc", "GBP"],
    ["", "GBP"],
    ["1,2", "GBP"],
    [",123", "GBP"],
    ["12.", "GBP"],
    ["99999999999999999", "GBP"],
  ] as const)("rejects %s %s", (input, currency) => {
    expect(parseMajorAmount(input, currency)).toBeNull();
  });

  test("round-trips with minorToDecimalString (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SUPPORTED_CURRENCIES), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (currency, amount) => {
        expect(parseMajorAmount(minorToDecimalString(amount, minorUnitExponent(currency)), currency)).toBe(amount);
      }),
    );
  });
});

describe("formatMoney", () => {
  test("formats with the currency's own number of decimals", () => {
    expect(formatMoney(money(123456, "GBP"))).toBe("£1,234.56");
    expect(formatMoney(money(-5, "GBP"))).toBe("-£0.05");
    expect(plain(formatMoney(money(1000, "JPY")))).toBe("JP¥1,000");
    expect(plain(formatMoney(money(1234, "BHD")))).toBe("BHD 1.234");
    expect(plain(formatMoney(money(12345, "HUF")))).toBe("HUF 123.45");
  });

  test("respects the locale", () => {
    expect(plain(formatMoney(money(123456, "EUR"), "de-DE"))).toBe("1.234,56 €");
  });

  test("stays exact at the top of the safe-integer range", () => {
    expect(formatMoney(money(Number.MAX_SAFE_INTEGER, "GBP"))).toBe("£90,071,992,547,409.91");
  });
});
