import {
  type CardControls,
  CHANNELS,
  type Decision,
  evaluate,
  type PaymentRequest,
  REASON_CODES,
  type RecentSpend,
} from "./evaluate-payment.server";
import { at, DAYS, grocery, NOW, openControls, perChannel, quietSpend } from "./test-fixtures";

function decide(
  controls: Partial<CardControls> = {},
  spend: Partial<RecentSpend> = {},
  payment: Partial<PaymentRequest> = {},
  now = NOW,
): Decision {
  return evaluate(openControls(controls), quietSpend(spend), grocery(payment), now);
}

function reason(...args: Parameters<typeof decide>): Decision["reason"] {
  return decide(...args).reason;
}

const noLimits = openControls().limits;

describe("evaluate: baseline", () => {
  test("approves an ordinary payment on an open card", () => {
    expect(decide()).toEqual({
      outcome: "approved",
      reason: "approved",
      risk: { score: 0, level: "low", signals: [] },
      flagged: false,
      openReview: false,
    });
  });

  test("reason codes list every outcome in rule order", () => {
    expect(REASON_CODES[0]).toBe("approved");
    expect(REASON_CODES.at(-1)).toBe("high_risk");
    expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length);
  });
});

describe("card status", () => {
  test("frozen declines as card_frozen", () => {
    expect(decide({ cardStatus: "frozen" })).toMatchObject({ outcome: "declined", reason: "card_frozen", flagged: false, openReview: false });
  });

  test.each(["cancelled", "expired"] as const)("%s declines as card_inactive", (cardStatus) => {
    expect(reason({ cardStatus })).toBe("card_inactive");
  });

  test("an unrecognised status from storage fails closed", () => {
    expect(reason({ cardStatus: "suspended" as CardControls["cardStatus"] })).toBe("card_inactive");
  });
});

describe("channels", () => {
  test.each(CHANNELS)("%s turned off declines payments on that channel only", (channel) => {
    const channels = { ...perChannel(true), [channel]: false };
    expect(reason({ channels }, {}, { channel })).toBe("channel_disabled");
    for (const other of CHANNELS.filter((c) => c !== channel)) {
      expect(reason({ channels }, {}, { channel: other })).toBe("approved");
    }
  });

  test("a channel missing from stored settings counts as off", () => {
    const channels = { in_store: true, online: true, contactless: true } as CardControls["channels"];
    expect(reason({ channels }, {}, { channel: "atm" })).toBe("channel_disabled");
  });
});

describe("categories and merchants", () => {
  test.each([
    ["gambling", "7995"],
    ["crypto", "6051"],
    ["adult", "5967"],
    ["cash_like", "6011"],
    ["groceries", "5411"],
  ] as const)("blocking %s declines MCC %s", (group, mcc) => {
    expect(reason({ blockedCategories: [group] }, {}, { mcc })).toBe("category_blocked");
  });

  test("a block on one category leaves others alone", () => {
    expect(reason({ blockedCategories: ["gambling", "crypto"] }, {}, { mcc: "5812" })).toBe("approved");
  });

  test("blocked merchant declines that merchant only", () => {
    expect(reason({ blockedMerchantIds: ["m-grocer"] })).toBe("merchant_blocked");
    expect(reason({ blockedMerchantIds: ["m-grocer"] }, {}, { merchantId: "m-other" })).toBe("approved");
  });
});

describe("travel rules", () => {
  const travel = (overrides: Partial<CardControls["travel"]>): CardControls["travel"] => ({
    ...openControls().travel,
    ...overrides,
  });
  const known = { knownCountries: ["GB", "FR", "ES", "US", "JP"] };

  test("a blocked country declines, matched case-insensitively both ways", () => {
    expect(reason({ travel: travel({ blockedCountries: ["ES"] }) }, known, { country: "ES" })).toBe("country_blocked");
    expect(reason({ travel: travel({ blockedCountries: ["es"] }) }, known, { country: "ES" })).toBe("country_blocked");
    expect(reason({ travel: travel({ blockedCountries: ["ES"] }) }, known, { country: "es" })).toBe("country_blocked");
  });

  test("blocking the home country blocks it", () => {
    expect(reason({ travel: travel({ blockedCountries: ["GB"] }) })).toBe("country_blocked");
  });

  test("anywhere allows every unblocked country", () => {
    expect(reason({ travel: travel({ mode: "anywhere", blockedCountries: ["ES"] }) }, known, { country: "US" })).toBe("approved");
  });

  test("home_only allows only the home country", () => {
    const controls = { travel: travel({ mode: "home_only", allowedCountries: ["FR"] }) };
    expect(reason(controls, known, { country: "GB" })).toBe("approved");
    expect(reason(controls, known, { country: "FR" })).toBe("country_not_allowed");
    expect(reason(controls, known, { country: "JP" })).toBe("country_not_allowed");
  });

  test("home_and_allowed allows home and the chosen countries", () => {
    const controls = { travel: travel({ mode: "home_and_allowed", allowedCountries: ["FR", "es"] }) };
    expect(reason(controls, known, { country: "GB" })).toBe("approved");
    expect(reason(controls, known, { country: "FR" })).toBe("approved");
    expect(reason(controls, known, { country: "ES" })).toBe("approved");
    expect(reason(controls, known, { country: "JP" })).toBe("country_not_allowed");
  });

  test("blocked beats allowed", () => {
    const controls = { travel: travel({ mode: "home_and_allowed", allowedCountries: ["ES"], blockedCountries: ["ES"] }) };
    expect(reason(controls, known, { country: "ES" })).toBe("country_blocked");
  });

  describe("trips", () => {
    const trip = { countries: ["ES", "PT"], startsAt: at(-DAYS), endsAt: at(DAYS) };
    const blockedSpain = travel({ mode: "home_only", blockedCountries: ["ES"] });

    test("an active trip overrides a blocked country and the travel mode", () => {
      expect(reason({ travel: blockedSpain, trips: [trip] }, known, { country: "ES" })).toBe("approved");
      expect(reason({ travel: blockedSpain, trips: [trip] }, known, { country: "PT" })).toBe("approved");
    });

    test("a trip only covers the countries it lists", () => {
      expect(reason({ travel: blockedSpain, trips: [trip] }, known, { country: "FR" })).toBe("country_not_allowed");
    });

    test("starts inclusive", () => {
      const controls = { travel: blockedSpain, trips: [trip] };
      expect(reason(controls, known, { country: "ES" }, trip.startsAt)).toBe("approved");
      expect(reason(controls, known, { country: "ES" }, at(-1, trip.startsAt))).toBe("country_blocked");
    });

    test("ends exclusive", () => {
      const controls = { travel: blockedSpain, trips: [trip] };
      expect(reason(controls, known, { country: "ES" }, at(-1, trip.endsAt))).toBe("approved");
      expect(reason(controls, known, { country: "ES" }, trip.endsAt)).toBe("country_blocked");
    });

    test("a past or future trip does nothing; any active trip will do", () => {
      const past = { countries: ["ES"], startsAt: at(-10 * DAYS), endsAt: at(-5 * DAYS) };
      const future = { countries: ["ES"], startsAt: at(5 * DAYS), endsAt: at(10 * DAYS) };
      expect(reason({ travel: blockedSpain, trips: [past, future] }, known, { country: "ES" })).toBe("country_blocked");
      expect(reason({ travel: blockedSpain, trips: [past, trip, future] }, known, { country: "ES" })).toBe("approved");
    });

    test("matches trip countries case-insensitively", () => {
      expect(reason({ travel: blockedSpain, trips: [{ ...trip, countries: ["es"] }] }, known, { country: "ES" })).toBe("approved");
    });
  });
});

describe("amount blocks", () => {
  test("exactly at the block is allowed; one unit over declines", () => {
    expect(reason({ amountBlocks: { online: 5_000 } }, {}, { channel: "online", amountMinor: 5_000 })).toBe("approved");
    expect(reason({ amountBlocks: { online: 5_000 } }, {}, { channel: "online", amountMinor: 5_001 })).toBe("amount_block_exceeded");
  });

  test("a block applies to its own channel only", () => {
    expect(reason({ amountBlocks: { online: 5_000 } }, {}, { channel: "in_store", amountMinor: 9_000 })).toBe("approved");
  });

  test("a zero block stops every payment on the channel", () => {
    expect(reason({ amountBlocks: { atm: 0 } }, {}, { channel: "atm", mcc: "6011", amountMinor: 1 })).toBe("amount_block_exceeded");
  });
});

describe("limits", () => {
  test("per-payment: at the limit is allowed, over declines, null means none", () => {
    expect(reason({ limits: { ...noLimits, perPayment: 2_000 } })).toBe("approved");
    expect(reason({ limits: { ...noLimits, perPayment: 1_999 } })).toBe("per_payment_limit_exceeded");
    expect(reason({ limits: { ...noLimits, perPayment: null } }, {}, { amountMinor: 9_000 })).toBe("approved");
  });

  test.each([
    ["daily", "dailyMinor", "daily_limit_exceeded"],
    ["weekly", "weeklyMinor", "weekly_limit_exceeded"],
    ["monthly", "monthlyMinor", "monthly_limit_exceeded"],
  ] as const)("%s: spent + amount exactly at the limit is allowed; one over declines", (limit, spent, expected) => {
    const spend = { [spent]: 8_000 };
    expect(reason({ limits: { ...noLimits, [limit]: 10_000 } }, spend, { amountMinor: 2_000 })).toBe("approved");
    expect(reason({ limits: { ...noLimits, [limit]: 10_000 } }, spend, { amountMinor: 2_001 })).toBe(expected);
    expect(reason({ limits: { ...noLimits, [limit]: 0 } }, {}, { amountMinor: 1 })).toBe(expected);
  });

  test("channel daily uses the payment's channel spend and limit only", () => {
    const limits = { ...noLimits, channelDaily: { ...perChannel(null), contactless: 10_000 } };
    const spend = { channelDailyMinor: { ...perChannel(50_000), contactless: 9_000 } };
    expect(reason({ limits }, spend, { channel: "contactless", amountMinor: 1_000 })).toBe("approved");
    expect(reason({ limits }, spend, { channel: "contactless", amountMinor: 1_001 })).toBe("channel_daily_limit_exceeded");
    expect(reason({ limits }, spend, { channel: "in_store", amountMinor: 5_000 })).toBe("approved");
  });

  test("period limits are checked daily, weekly, monthly, then channel daily", () => {
    const all = { perPayment: null, daily: 1_000, weekly: 1_000, monthly: 1_000, channelDaily: perChannel<number | null>(1_000) };
    expect(reason({ limits: all })).toBe("daily_limit_exceeded");
    expect(reason({ limits: { ...all, daily: null } })).toBe("weekly_limit_exceeded");
    expect(reason({ limits: { ...all, daily: null, weekly: null } })).toBe("monthly_limit_exceeded");
    expect(reason({ limits: { ...all, daily: null, weekly: null, monthly: null } })).toBe("channel_daily_limit_exceeded");
  });

  test("large spend totals are compared exactly", () => {
    const limits = { ...noLimits, monthly: Number.MAX_SAFE_INTEGER };
    const spend = { monthlyMinor: Number.MAX_SAFE_INTEGER - 2_000, availableMinor: Number.MAX_SAFE_INTEGER };
    expect(reason({ limits }, spend, { amountMinor: 2_000 })).toBe("approved");
    expect(reason({ limits }, spend, { amountMinor: 2_001 })).toBe("monthly_limit_exceeded");
  });
});

describe("available funds", () => {
  test("exactly the available amount is allowed; one more declines", () => {
    expect(reason({}, { availableMinor: 2_000 })).toBe("approved");
    expect(reason({}, { availableMinor: 1_999 })).toBe("insufficient_funds");
    expect(reason({}, { availableMinor: -500 })).toBe("insufficient_funds");
  });
});

describe("risk outcome", () => {
  const highRisk = { amountMinor: 100_000, country: "JP" } as const; // 55 + 25 = 80

  test("high risk declines and opens a review", () => {
    const decision = decide({}, {}, highRisk);
    expect(decision).toMatchObject({ outcome: "declined", reason: "high_risk", flagged: false, openReview: true });
    expect(decision.risk).toMatchObject({ score: 80, level: "high" });
  });

  test("medium risk approves and flags for the customer", () => {
    const decision = decide({}, {}, { country: "JP", mcc: "7995" }); // 25 + 20 = 45
    expect(decision).toMatchObject({ outcome: "approved", reason: "approved", flagged: true, openReview: false });
    expect(decision.risk.level).toBe("medium");
  });

  test("low risk with signals approves without a flag", () => {
    const decision = decide({}, {}, { amountMinor: 10_000 }); // 35
    expect(decision).toMatchObject({ outcome: "approved", flagged: false, openReview: false });
    expect(decision.risk.signals.map((s) => s.code)).toEqual(["amount_far_above_usual"]);
  });

  test("score boundaries: 39 approves unflagged, 40 flags, 69 flags, 70 declines", () => {
    // 35 + 0 → low
    expect(decide({}, {}, { amountMinor: 10_000 }).flagged).toBe(false);
    // 25 + 15 = 40 → medium
    expect(decide({}, { hasUsedOnline: false }, { country: "JP", channel: "online" }).risk).toMatchObject({ score: 40, level: "medium" });
    // 35 + 20 + 15 = 70 → high
    expect(decide({}, { hasUsedOnline: false }, { amountMinor: 10_000, mcc: "6051", channel: "online" })).toMatchObject({
      reason: "high_risk",
      risk: { score: 70, level: "high" },
    });
  });

  test("an active allowance lets a high-risk payment through, with the reason shown", () => {
    const allowances = [{ country: "JP", merchantId: null, until: at(DAYS) }];
    const decision = decide({ allowances }, {}, highRisk);
    expect(decision).toMatchObject({ outcome: "approved", reason: "approved", flagged: false, openReview: false });
    expect(decision.risk.signals.map((s) => s.code)).toEqual(["amount_far_above_usual", "new_country", "customer_confirmed"]);
  });

  test("an allowance expires at `until`", () => {
    const allowances = [{ country: "JP", merchantId: null, until: NOW }];
    expect(reason({ allowances }, {}, highRisk)).toBe("high_risk");
    expect(reason({ allowances }, {}, highRisk, at(-1))).toBe("approved");
  });

  test("a merchant-specific allowance covers only that merchant", () => {
    const allowances = [{ country: "JP", merchantId: "m-grocer", until: at(DAYS) }];
    expect(reason({ allowances }, {}, highRisk)).toBe("approved");
    expect(reason({ allowances }, {}, { ...highRisk, merchantId: "m-other" })).toBe("high_risk");
  });

  test("an allowance never overrides a rule", () => {
    const allowances = [{ country: "JP", merchantId: null, until: at(DAYS) }];
    const travel = { ...openControls().travel, blockedCountries: ["JP"] };
    expect(reason({ allowances, travel }, {}, highRisk)).toBe("country_blocked");
  });

  test("rule declines still carry the risk assessment but never flag or open a review", () => {
    const decision = decide({ cardStatus: "frozen" }, {}, highRisk);
    expect(decision).toMatchObject({ outcome: "declined", reason: "card_frozen", flagged: false, openReview: false });
    expect(decision.risk).toMatchObject({ score: 80, level: "high" });
  });
});

describe("rule order", () => {
  /**
   * A payment that breaks every rule at once. Peeling the rules off one at a time must
   * reveal the reasons in exactly the product's order.
   */
  test("each rule is reported only once every earlier rule passes", () => {
    const controls: CardControls = openControls({
      cardStatus: "frozen",
      channels: { ...perChannel(true), online: false },
      blockedCategories: ["gambling"],
      blockedMerchantIds: ["m-casino"],
      travel: { homeCountry: "GB", mode: "home_only", allowedCountries: [], blockedCountries: ["MT"] },
      amountBlocks: { online: 10_000 },
      limits: {
        perPayment: 20_000,
        daily: 30_000,
        weekly: 40_000,
        monthly: 50_000,
        channelDaily: { ...perChannel(null), online: 60_000 },
      },
    });
    const spend: RecentSpend = quietSpend({
      dailyMinor: 10_000,
      weeklyMinor: 10_000,
      monthlyMinor: 10_000,
      channelDailyMinor: { ...perChannel(0), online: 10_000 },
      availableMinor: 50_000,
      usualAmountMinor: 5_000,
    });
    // 55 (over 10× usual) + 25 (new country) + 20 (gambling) = 100
    const payment = grocery({ amountMinor: 60_000, mcc: "7995", country: "MT", channel: "online", merchantId: "m-casino", merchantName: "Casino" });

    const peel: [Decision["reason"], () => void][] = [
      ["card_frozen", () => (controls.cardStatus = "active")],
      ["channel_disabled", () => (controls.channels.online = true)],
      ["category_blocked", () => (controls.blockedCategories = [])],
      ["merchant_blocked", () => (controls.blockedMerchantIds = [])],
      ["country_blocked", () => (controls.travel.blockedCountries = [])],
      ["country_not_allowed", () => (controls.travel.mode = "anywhere")],
      ["amount_block_exceeded", () => (controls.amountBlocks = {})],
      ["per_payment_limit_exceeded", () => (controls.limits.perPayment = null)],
      ["daily_limit_exceeded", () => (controls.limits.daily = null)],
      ["weekly_limit_exceeded", () => (controls.limits.weekly = null)],
      ["monthly_limit_exceeded", () => (controls.limits.monthly = null)],
      ["channel_daily_limit_exceeded", () => (controls.limits.channelDaily.online = null)],
      ["insufficient_funds", () => (spend.availableMinor = 60_000)],
      ["high_risk", () => controls.allowances.push({ country: "MT", merchantId: "m-casino", until: at(DAYS) })],
      ["approved", () => undefined],
    ];

    const seen = peel.map(([, remove]) => {
      const decision = evaluate(controls, spend, payment, NOW);
      remove();
      return decision.reason;
    });
    expect(seen).toEqual(peel.map(([expected]) => expected));
    // Every reason but card_inactive, which a frozen card never reaches, in REASON_CODES order.
    expect(seen).toEqual([...REASON_CODES.filter((code) => code !== "approved" && code !== "card_inactive"), "approved"]);
  });

  test("cancelled and expired cards stop before any other rule", () => {
    for (const cardStatus of ["cancelled", "expired"] as const) {
      expect(
        reason(
          { cardStatus, channels: perChannel(false), blockedMerchantIds: ["m-grocer"] },
          { availableMinor: 0 },
        ),
      ).toBe("card_inactive");
    }
  });

  test("a frozen card is reported as frozen before any later rule", () => {
    expect(reason({ cardStatus: "frozen", channels: perChannel(false) })).toBe("card_frozen");
  });
});

describe("contract", () => {
  test("is deterministic and leaves its inputs untouched", () => {
    const controls = openControls({ trips: [{ countries: ["JP"], startsAt: at(-DAYS), endsAt: at(DAYS) }] });
    const spend = quietSpend();
    const payment = grocery({ country: "JP" });
    const snapshot = structuredClone({ controls, spend, payment });
    const first = evaluate(controls, spend, payment, NOW);
    expect(evaluate(controls, spend, payment, NOW)).toEqual(first);
    expect({ controls, spend, payment }).toEqual(snapshot);
  });

  test.each([
    ["a zero amount", { amountMinor: 0 }],
    ["a negative amount", { amountMinor: -100 }],
    ["a fractional amount", { amountMinor: 12.5 }],
    ["an unsafe amount", { amountMinor: 2 ** 53 }],
    ["an unsupported currency", { currency: "XYZ" as PaymentRequest["currency"] }],
    ["an unsupported original currency", { originalCurrency: "XYZ" as PaymentRequest["currency"] }],
  ])("refuses %s", (_label, payment) => {
    expect(() => decide({}, {}, payment)).toThrow(RangeError);
  });

  test("refuses an invalid clock or fractional spend and limits", () => {
    expect(() => decide({}, {}, {}, new Date(Number.NaN))).toThrow(RangeError);
    expect(() => decide({}, { dailyMinor: 0.5 })).toThrow(RangeError);
    expect(() => decide({ limits: { ...noLimits, weekly: 1.5 } })).toThrow(RangeError);
    expect(() => decide({ amountBlocks: { in_store: Number.NaN } })).toThrow(RangeError);
  });
});
