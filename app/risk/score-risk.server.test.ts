import { at, DAYS, grocery, NOW, openControls, quietSpend } from "~/authorization/test-fixtures";
import type { CardControls, PaymentRequest, RecentSpend } from "~/authorization/types";
import { riskLevelFor, type RiskSignalCode, scoreRisk } from "./score-risk.server";

function score(
  payment: Partial<PaymentRequest> = {},
  spend: Partial<RecentSpend> = {},
  controls: Partial<CardControls> = {},
  now = NOW,
) {
  return scoreRisk({ controls: openControls(controls), spend: quietSpend(spend), payment: grocery(payment), now });
}

function codes(result: ReturnType<typeof scoreRisk>): RiskSignalCode[] {
  return result.signals.map((signal) => signal.code);
}

function pointsFor(result: ReturnType<typeof scoreRisk>, code: RiskSignalCode): number | undefined {
  return result.signals.find((signal) => signal.code === code)?.points;
}

describe("scoreRisk", () => {
  test("an ordinary payment has no signals", () => {
    expect(score()).toEqual({ score: 0, level: "low", signals: [] });
  });

  describe("amount_far_above_usual", () => {
    test("needs a usual amount and at least five past payments", () => {
      expect(codes(score({ amountMinor: 100_000 }, { usualAmountMinor: null }))).toEqual([]);
      expect(codes(score({ amountMinor: 100_000 }, { historyCount: 4 }))).toEqual([]);
      expect(pointsFor(score({ amountMinor: 100_000 }, { historyCount: 5 }), "amount_far_above_usual")).toBe(55);
    });

    test("adds 35 strictly above 3× usual and 55 strictly above 10×", () => {
      const usual = { usualAmountMinor: 1_000 };
      expect(codes(score({ amountMinor: 3_000 }, usual))).toEqual([]);
      expect(pointsFor(score({ amountMinor: 3_001 }, usual), "amount_far_above_usual")).toBe(35);
      expect(pointsFor(score({ amountMinor: 10_000 }, usual), "amount_far_above_usual")).toBe(35);
      expect(pointsFor(score({ amountMinor: 10_001 }, usual), "amount_far_above_usual")).toBe(55);
    });

    test("compares exactly at the top of the safe-integer range", () => {
      const usual = 3_002_399_751_580_330; // 3× is MAX_SAFE_INTEGER − 1
      expect(codes(score({ amountMinor: Number.MAX_SAFE_INTEGER - 1 }, { usualAmountMinor: usual }))).toEqual([]);
      expect(pointsFor(score({ amountMinor: Number.MAX_SAFE_INTEGER }, { usualAmountMinor: usual }), "amount_far_above_usual")).toBe(35);
    });
  });

  describe("new_country", () => {
    test("adds 25 outside home and known countries", () => {
      expect(pointsFor(score({ country: "JP" }), "new_country")).toBe(25);
    });

    test("is silent at home and in known countries, whatever the case", () => {
      expect(codes(score({ country: "GB" }))).toEqual([]);
      expect(codes(score({ country: "gb" }))).toEqual([]);
      expect(codes(score({ country: "fr" }))).toEqual([]);
      expect(codes(score({ country: "JP" }, { knownCountries: ["jp"] }))).toEqual([]);
    });

    test("is silent when an active trip covers the country, and not otherwise", () => {
      const trip = { countries: ["JP"], startsAt: at(-DAYS), endsAt: at(DAYS) };
      expect(codes(score({ country: "JP" }, {}, { trips: [trip] }))).toEqual([]);
      expect(codes(score({ country: "JP" }, {}, { trips: [trip] }, trip.endsAt))).toEqual(["new_country"]);
      expect(codes(score({ country: "JP" }, {}, { trips: [trip] }, trip.startsAt))).toEqual([]);
      expect(codes(score({ country: "JP" }, {}, { trips: [{ ...trip, countries: ["US"] }] }))).toEqual(["new_country"]);
    });
  });

  test("velocity adds 30 from five payments in ten minutes", () => {
    expect(codes(score({}, { countLast10Min: 4 }))).toEqual([]);
    expect(pointsFor(score({}, { countLast10Min: 5 }), "velocity")).toBe(30);
  });

  test.each([
    ["7995", 20],
    ["6051", 20],
    ["6011", 20],
    ["4829", 20],
    ["5967", undefined],
    ["5411", undefined],
  ] as const)("MCC %s adds %s for high-risk category", (mcc, points) => {
    expect(pointsFor(score({ mcc }), "high_risk_category")).toBe(points);
  });

  test("first online use adds 15 only online", () => {
    expect(pointsFor(score({ channel: "online" }, { hasUsedOnline: false }), "first_online_use")).toBe(15);
    expect(codes(score({ channel: "online" }, { hasUsedOnline: true }))).toEqual([]);
    expect(codes(score({ channel: "contactless" }, { hasUsedOnline: false }))).toEqual([]);
  });

  test("every signal explains itself", () => {
    const result = score({ amountMinor: 100_000, country: "JP", mcc: "7995", channel: "online" }, { countLast10Min: 9, hasUsedOnline: false });
    expect(codes(result)).toEqual(["amount_far_above_usual", "new_country", "velocity", "high_risk_category", "first_online_use"]);
    for (const signal of result.signals) expect(signal.detail.length).toBeGreaterThan(0);
  });

  test("caps the score at 100", () => {
    const result = score({ amountMinor: 100_000, country: "JP", mcc: "7995", channel: "online" }, { countLast10Min: 9, hasUsedOnline: false });
    expect(result.signals.reduce((sum, s) => sum + s.points, 0)).toBe(145);
    expect(result.score).toBe(100);
    expect(result.level).toBe("high");
  });

  test.each([
    [{ amountMinor: 10_000 }, {}, 35, "low"],
    [{ country: "JP", mcc: "7995" }, {}, 45, "medium"],
    [{ amountMinor: 10_000, channel: "online" as const }, { hasUsedOnline: false }, 50, "medium"],
    [{ amountMinor: 100_000, mcc: "6051" }, {}, 75, "high"],
    [{ amountMinor: 100_000, country: "JP" }, {}, 80, "high"],
    [{ country: "JP" }, { countLast10Min: 5 }, 55, "medium"],
    [{ country: "JP", mcc: "6011" }, { countLast10Min: 5 }, 75, "high"],
  ] as const)("%o with %o scores %i (%s)", (payment, spend, expectedScore, level) => {
    const result = score(payment, spend);
    expect(result.score).toBe(expectedScore);
    expect(result.level).toBe(level);
  });

  describe("customer allowances", () => {
    const risky = { amountMinor: 100_000, country: "JP" } as const;

    test("an active matching allowance makes the payment low risk but keeps the explanation", () => {
      const result = score(risky, {}, { allowances: [{ country: "JP", merchantId: null, until: at(DAYS) }] });
      expect(result.level).toBe("low");
      expect(result.score).toBe(80);
      expect(codes(result)).toEqual(["amount_far_above_usual", "new_country", "customer_confirmed"]);
      expect(pointsFor(result, "customer_confirmed")).toBe(0);
    });

    test("matches the country case-insensitively", () => {
      expect(score(risky, {}, { allowances: [{ country: "jp", merchantId: null, until: at(DAYS) }] }).level).toBe("low");
    });

    test("expires at `until`", () => {
      expect(score(risky, {}, { allowances: [{ country: "JP", merchantId: null, until: NOW }] }).level).toBe("high");
      expect(score(risky, {}, { allowances: [{ country: "JP", merchantId: null, until: at(1) }] }).level).toBe("low");
    });

    test("a merchant-specific allowance covers only that merchant", () => {
      const allowances = [{ country: "JP", merchantId: "m-grocer", until: at(DAYS) }];
      expect(score(risky, {}, { allowances }).level).toBe("low");
      expect(score({ ...risky, merchantId: "m-other" }, {}, { allowances }).level).toBe("high");
    });

    test("an allowance for another country does nothing", () => {
      const result = score(risky, {}, { allowances: [{ country: "US", merchantId: null, until: at(DAYS) }] });
      expect(result.level).toBe("high");
      expect(codes(result)).not.toContain("customer_confirmed");
    });
  });
});

describe("riskLevelFor", () => {
  test.each([
    [0, "low"],
    [39, "low"],
    [40, "medium"],
    [69, "medium"],
    [70, "high"],
    [100, "high"],
  ] as const)("%i is %s", (value, level) => {
    expect(riskLevelFor(value)).toBe(level);
  });
});
