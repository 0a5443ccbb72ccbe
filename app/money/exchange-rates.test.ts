import fc from "fast-check";
import { type CurrencyCode, minorUnitExponent, SUPPORTED_CURRENCIES } from "./currencies";
import {
  convertMinor,
  convertMoney,
  DEMO_RATES_AS_OF,
  DEMO_RATES_TO_GBP,
  divideRoundHalfAwayFromZero,
  RATE_SCALE,
} from "./exchange-rates";

const currency = fc.constantFrom(...SUPPORTED_CURRENCIES);
const amount = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });

/** Value of one minor unit in GBP, on a common integer scale, for error bounds. */
function minorUnitValue(code: CurrencyCode): bigint {
  return BigInt(DEMO_RATES_TO_GBP[code]) * 10n ** BigInt(3 - minorUnitExponent(code));
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

describe("demo rate table", () => {
  test("is dated and has a positive integer rate for every supported currency", () => {
    expect(DEMO_RATES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(DEMO_RATES_TO_GBP.GBP).toBe(RATE_SCALE);
    for (const code of SUPPORTED_CURRENCIES) {
      const rate = DEMO_RATES_TO_GBP[code];
      expect(Number.isSafeInteger(rate) && rate > 0, code).toBe(true);
    }
  });
});

describe("divideRoundHalfAwayFromZero", () => {
  test.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [7n, 2n, 4n],
    [-7n, 2n, -4n],
    [4n, 3n, 1n],
    [-4n, 3n, -1n],
    [5n, 3n, 2n],
    [-5n, 3n, -2n],
    [6n, 3n, 2n],
    [0n, 7n, 0n],
  ])("%i / %i rounds to %i", (numerator, denominator, expected) => {
    expect(divideRoundHalfAwayFromZero(numerator, denominator)).toBe(expected);
  });

  test("refuses a non-positive denominator", () => {
    expect(() => divideRoundHalfAwayFromZero(1n, 0n)).toThrow(RangeError);
    expect(() => divideRoundHalfAwayFromZero(1n, -2n)).toThrow(RangeError);
  });
});

describe("convertMinor", () => {
  test("is the identity within one currency", () => {
    expect(convertMinor(12345, "GBP", "GBP")).toBe(12345);
    expect(convertMinor(-7, "JPY", "JPY")).toBe(-7);
  });

  test("converts between two-decimal currencies", () => {
    // €100.00 × 0.86 = £86.00
    expect(convertMinor(10000, "EUR", "GBP")).toBe(8600);
    // £86.00 / 0.86 = €100.00
    expect(convertMinor(8600, "GBP", "EUR")).toBe(10000);
  });

  test("rounds an exact half away from zero in both directions", () => {
    // €0.25 × 0.86 = 21.5p
    expect(convertMinor(25, "EUR", "GBP")).toBe(22);
    expect(convertMinor(-25, "EUR", "GBP")).toBe(-22);
    // €0.24 × 0.86 = 20.64p; €0.26 × 0.86 = 22.36p
    expect(convertMinor(24, "EUR", "GBP")).toBe(21);
    expect(convertMinor(26, "EUR", "GBP")).toBe(22);
  });

  test("handles JPY, which has no minor unit", () => {
    // £100.00 / 0.0051 = ¥19,607.84…
    expect(convertMinor(10000, "GBP", "JPY")).toBe(19608);
    // ¥19,608 × 0.0051 = £100.0008
    expect(convertMinor(19608, "JPY", "GBP")).toBe(10000);
    // ¥1 is half a penny: 0.51p rounds up, ¥0 stays 0
    expect(convertMinor(1, "JPY", "GBP")).toBe(1);
    expect(convertMinor(0, "JPY", "GBP")).toBe(0);
  });

  test("handles BHD, which has three decimals", () => {
    // BHD 1.000 × 2.0149 = £2.0149
    expect(convertMinor(1000, "BHD", "GBP")).toBe(201);
    // £100.00 / 2.0149 = BHD 49.630…
    expect(convertMinor(10000, "GBP", "BHD")).toBe(49630);
    // BHD 1.000 → JPY: 2.0149 / 0.0051 = ¥395.08
    expect(convertMinor(1000, "BHD", "JPY")).toBe(395);
    // ¥395 → BHD: 395 × 0.0051 / 2.0149 = BHD 0.99980…
    expect(convertMinor(395, "JPY", "BHD")).toBe(1000);
  });

  test("returns null for an unknown currency", () => {
    expect(convertMinor(100, "GBP", "XYZ")).toBeNull();
    expect(convertMinor(100, "XYZ", "GBP")).toBeNull();
    expect(convertMinor(100, "toString", "GBP")).toBeNull();
    expect(convertMinor(100, "gbp", "GBP")).toBeNull();
  });

  test("refuses non-integer input and out-of-range output", () => {
    expect(() => convertMinor(1.5, "GBP", "EUR")).toThrow(RangeError);
    expect(() => convertMinor(Number.MAX_SAFE_INTEGER + 2, "GBP", "EUR")).toThrow(RangeError);
    expect(() => convertMinor(Number.MAX_SAFE_INTEGER, "GBP", "JPY")).toThrow(RangeError);
  });

  test("convertMoney wraps the result with its currency", () => {
    expect(convertMoney({ amountMinor: 10000, currency: "EUR" }, "GBP")).toEqual({ amountMinor: 8600, currency: "GBP" });
    expect(convertMoney({ amountMinor: 10000, currency: "EUR" }, "XYZ")).toBeNull();
  });

  test("GBP → any supported currency → GBP is exact, since every minor unit is worth less than a penny", () => {
    fc.assert(
      fc.property(currency, amount, (to, pence) => {
        const there = convertMinor(pence, "GBP", to);
        expect(there).not.toBeNull();
        expect(convertMinor(there ?? 0, to, "GBP")).toBe(pence);
      }),
    );
  });

  test("any round trip is off by at most half a unit of the coarser currency (property)", () => {
    fc.assert(
      fc.property(currency, currency, amount, (from, via, original) => {
        const there = convertMinor(original, from, via) ?? 0;
        const back = convertMinor(there, via, from) ?? 0;
        const error = abs(BigInt(back) - BigInt(original));
        // |back − original| ≤ ½·(unit(via)/unit(from)) + ½, kept in integers
        expect(2n * error * minorUnitValue(from) <= minorUnitValue(via) + minorUnitValue(from)).toBe(true);
      }),
    );
  });

  test("is monotonic and symmetric about zero (property)", () => {
    fc.assert(
      fc.property(currency, currency, amount, amount, (from, to, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(convertMinor(low, from, to) ?? 0).toBeLessThanOrEqual(convertMinor(high, from, to) ?? 0);
        expect(convertMinor(-a, from, to) ?? 0).toBe(-(convertMinor(a, from, to) ?? 0) || 0);
      }),
    );
  });
});

test("never answers a negative zero", () => {
  expect(Object.is(convertMinor(-0, "ISK", "ISK"), 0)).toBe(true);
  expect(Object.is(convertMinor(-0, "GBP", "EUR"), 0)).toBe(true);
});
