import fc from "fast-check";
import { nextUsualAmountMinor, USUAL_AMOUNT_WINDOW } from "./usual-amount";

describe("the card's usual payment", () => {
  it("starts from the first approved payment", () => {
    expect(nextUsualAmountMinor(null, 0, 12_34)).toBe(12_34);
    expect(nextUsualAmountMinor(50_00, 0, 12_34)).toBe(12_34);
  });

  it("averages the early payments evenly", () => {
    let usual: number | null = null;
    [10_00, 20_00, 30_00].forEach((amount, count) => (usual = nextUsualAmountMinor(usual, count, amount)));
    expect(usual).toBe(20_00);
  });

  it("moves by a window's share once the card has history, rounding to whole minor units", () => {
    expect(nextUsualAmountMinor(20_00, 500, 20_00 + USUAL_AMOUNT_WINDOW * 100_00)).toBe(120_00);
    expect(nextUsualAmountMinor(1, 1, 2)).toBe(2); // 1.5 rounds half up
  });

  it("always stays an integer between the old usual and the new payment", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 1e12 }), (usual, count, amount) => {
        const next = nextUsualAmountMinor(usual, count, amount);
        expect(Number.isSafeInteger(next)).toBe(true);
        expect(next).toBeGreaterThanOrEqual(Math.min(usual, amount));
        expect(next).toBeLessThanOrEqual(Math.max(usual, amount));
      }),
    );
  });
});
