import fc from "fast-check";
import { scoreRisk } from "~/risk/score-risk.server";
import {
  type CardControls,
  CHANNELS,
  type Channel,
  type DeclineReason,
  evaluate,
  type PaymentRequest,
  REASON_CODES,
  type RecentSpend,
} from "./evaluate-payment.server";
import { CATEGORY_GROUPS, type CategoryGroup, categoryGroupFor } from "./merchant-categories";
import { DAYS, HOURS } from "./test-fixtures";

/**
 * Property tests over small, collision-prone domains: few countries, merchants and
 * MCCs, and limits generated relative to the payment so that "exactly at the limit"
 * and "one unit over" come up constantly rather than by luck.
 */

type Scenario = { controls: CardControls; spend: RecentSpend; payment: PaymentRequest; now: Date };

const COUNTRIES = ["GB", "ES", "FR", "US", "JP", "es", "gb"] as const;
const MERCHANTS = ["m-1", "m-2", "m-3"] as const;
const MCCS = ["5411", "5812", "7995", "7801", "6051", "5967", "6011", "4829", "3005", "4111", "5541", "5999", "9999"] as const;

const country = fc.constantFrom(...COUNTRIES);
const countries = fc.subarray([...COUNTRIES], { maxLength: 3 });

/** Mostly permissive, so that the later rules and the risk outcome are reached often. */
function mostly<T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>, usualWeight = 6): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: usualWeight }, { arbitrary: rare, weight: 1 });
}

/** A limit relative to `spent + amount` (so boundaries are hit), an absolute one, or none. */
type LimitSpec = { kind: "none" } | { kind: "offset"; delta: number } | { kind: "absolute"; value: number };
const limitSpec: fc.Arbitrary<LimitSpec> = fc.oneof(
  { arbitrary: fc.constant({ kind: "none" as const }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("offset" as const), delta: fc.integer({ min: -2, max: 2 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("absolute" as const), value: fc.integer({ min: 0, max: 60_000 }) }), weight: 1 },
);
function resolveLimit(spec: LimitSpec, base: number): number | null {
  if (spec.kind === "none") return null;
  if (spec.kind === "offset") return Math.max(0, base + spec.delta);
  return spec.value;
}

/** Offsets from `now`, with the exact boundaries over-represented. */
const offset = fc.oneof(
  fc.constant(0),
  fc.constant(1),
  fc.constant(-1),
  fc.integer({ min: -3 * DAYS, max: 3 * DAYS }),
);

const perChannel = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Record<Channel, T>> =>
  fc.record({ in_store: arb, online: arb, atm: arb, contactless: arb });

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    now: fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2027-01-01T00:00:00Z"), noInvalidDate: true }),
    cardStatus: mostly(fc.constant("active" as const), fc.constantFrom("frozen" as const, "cancelled" as const, "expired" as const)),
    channels: perChannel(mostly(fc.constant(true), fc.constant(false), 9)),
    amountBlocks: perChannel(fc.option(limitSpec, { nil: undefined })),
    blockedCategories: mostly<CategoryGroup[]>(fc.constant([]), fc.subarray([...CATEGORY_GROUPS], { maxLength: 3 }), 3),
    blockedMerchantIds: mostly<string[]>(fc.constant([]), fc.subarray([...MERCHANTS], { maxLength: 2 }), 3),
    homeCountry: fc.constantFrom("GB", "gb", "ES"),
    mode: mostly(fc.constant("anywhere" as const), fc.constantFrom("home_only" as const, "home_and_allowed" as const), 1),
    allowedCountries: countries,
    blockedCountries: mostly<string[]>(fc.constant([]), countries, 2),
    trips: fc.array(fc.record({ countries, start: offset, length: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 4 * DAYS })) }), {
      maxLength: 2,
    }),
    limits: fc.record({
      perPayment: limitSpec,
      daily: limitSpec,
      weekly: limitSpec,
      monthly: limitSpec,
      channelDaily: perChannel(limitSpec),
    }),
    allowances: fc.array(fc.record({ country, merchantId: fc.option(fc.constantFrom(...MERCHANTS), { nil: null }), until: offset }), {
      maxLength: 2,
    }),
    spent: fc.record({
      daily: fc.integer({ min: 0, max: 20_000 }),
      weekly: fc.integer({ min: 0, max: 40_000 }),
      monthly: fc.integer({ min: 0, max: 80_000 }),
      channelDaily: perChannel(fc.integer({ min: 0, max: 20_000 })),
    }),
    available: fc.oneof(fc.record({ delta: fc.integer({ min: -2, max: 2 }) }), fc.record({ value: fc.integer({ min: -1_000, max: 200_000 }) })),
    countLast10Min: fc.integer({ min: 0, max: 8 }),
    usualAmountMinor: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: null }),
    historyCount: fc.integer({ min: 0, max: 10 }),
    knownCountries: countries,
    hasUsedOnline: fc.boolean(),
    amountMinor: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 100_000 })),
    mcc: fc.constantFrom(...MCCS),
    country,
    channel: fc.constantFrom(...CHANNELS),
    merchantId: fc.constantFrom(...MERCHANTS),
  })
  .map((g): Scenario => {
    const at = (ms: number): Date => new Date(g.now.getTime() + ms);
    const amount = g.amountMinor;
    const blocks: Partial<Record<Channel, number>> = {};
    for (const ch of CHANNELS) {
      const spec = g.amountBlocks[ch];
      const block = spec === undefined ? null : resolveLimit(spec, amount);
      if (block !== null) blocks[ch] = block;
    }
    return {
      now: g.now,
      controls: {
        cardStatus: g.cardStatus,
        channels: g.channels,
        amountBlocks: blocks,
        blockedCategories: g.blockedCategories,
        blockedMerchantIds: g.blockedMerchantIds,
        travel: { homeCountry: g.homeCountry, mode: g.mode, allowedCountries: g.allowedCountries, blockedCountries: g.blockedCountries },
        trips: g.trips.map((t) => ({ countries: t.countries, startsAt: at(t.start), endsAt: at(t.start + t.length) })),
        limits: {
          perPayment: resolveLimit(g.limits.perPayment, amount),
          daily: resolveLimit(g.limits.daily, g.spent.daily + amount),
          weekly: resolveLimit(g.limits.weekly, g.spent.weekly + amount),
          monthly: resolveLimit(g.limits.monthly, g.spent.monthly + amount),
          channelDaily: {
            in_store: resolveLimit(g.limits.channelDaily.in_store, g.spent.channelDaily.in_store + amount),
            online: resolveLimit(g.limits.channelDaily.online, g.spent.channelDaily.online + amount),
            atm: resolveLimit(g.limits.channelDaily.atm, g.spent.channelDaily.atm + amount),
            contactless: resolveLimit(g.limits.channelDaily.contactless, g.spent.channelDaily.contactless + amount),
          },
        },
        allowances: g.allowances.map((a) => ({ country: a.country, merchantId: a.merchantId, until: at(a.until) })),
      },
      spend: {
        dailyMinor: g.spent.daily,
        weeklyMinor: g.spent.weekly,
        monthlyMinor: g.spent.monthly,
        channelDailyMinor: g.spent.channelDaily,
        availableMinor: "delta" in g.available ? amount + g.available.delta : g.available.value,
        countLast10Min: g.countLast10Min,
        usualAmountMinor: g.usualAmountMinor,
        historyCount: g.historyCount,
        knownCountries: g.knownCountries,
        hasUsedOnline: g.hasUsedOnline,
      },
      payment: {
        amountMinor: amount,
        currency: "GBP",
        originalAmountMinor: amount,
        originalCurrency: "GBP",
        mcc: g.mcc,
        country: g.country,
        channel: g.channel,
        merchantId: g.merchantId,
        merchantName: `Merchant ${g.merchantId}`,
      },
    };
  });

// ---------------------------------------------------------------------------
// Reference model: the product's rules restated as independently as possible.
// ---------------------------------------------------------------------------

const same = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();
const listed = (list: readonly string[], code: string): boolean => list.some((entry) => same(entry, code));

function tripCovers({ controls, payment, now }: Scenario): boolean {
  return controls.trips.some((t) => t.startsAt <= now && now < t.endsAt && listed(t.countries, payment.country));
}

function over(spent: number, amount: number, limit: number | null | undefined): boolean {
  return limit !== null && limit !== undefined && spent + amount > limit;
}

const REFERENCE_RULES: readonly [DeclineReason, (s: Scenario) => boolean][] = [
  ["card_frozen", (s) => s.controls.cardStatus === "frozen"],
  ["card_inactive", (s) => s.controls.cardStatus === "cancelled" || s.controls.cardStatus === "expired"],
  ["channel_disabled", (s) => !s.controls.channels[s.payment.channel]],
  ["category_blocked", (s) => s.controls.blockedCategories.includes(categoryGroupFor(s.payment.mcc))],
  ["merchant_blocked", (s) => s.controls.blockedMerchantIds.includes(s.payment.merchantId)],
  ["country_blocked", (s) => !tripCovers(s) && listed(s.controls.travel.blockedCountries, s.payment.country)],
  [
    "country_not_allowed",
    (s) => {
      if (tripCovers(s) || listed(s.controls.travel.blockedCountries, s.payment.country)) return false;
      const home = same(s.controls.travel.homeCountry, s.payment.country);
      if (s.controls.travel.mode === "home_only") return !home;
      if (s.controls.travel.mode === "home_and_allowed") return !home && !listed(s.controls.travel.allowedCountries, s.payment.country);
      return false;
    },
  ],
  ["amount_block_exceeded", (s) => over(0, s.payment.amountMinor, s.controls.amountBlocks[s.payment.channel])],
  ["per_payment_limit_exceeded", (s) => over(0, s.payment.amountMinor, s.controls.limits.perPayment)],
  ["daily_limit_exceeded", (s) => over(s.spend.dailyMinor, s.payment.amountMinor, s.controls.limits.daily)],
  ["weekly_limit_exceeded", (s) => over(s.spend.weeklyMinor, s.payment.amountMinor, s.controls.limits.weekly)],
  ["monthly_limit_exceeded", (s) => over(s.spend.monthlyMinor, s.payment.amountMinor, s.controls.limits.monthly)],
  [
    "channel_daily_limit_exceeded",
    (s) => over(s.spend.channelDailyMinor[s.payment.channel], s.payment.amountMinor, s.controls.limits.channelDaily[s.payment.channel]),
  ],
  ["insufficient_funds", (s) => s.payment.amountMinor > s.spend.availableMinor],
];

function run(s: Scenario) {
  return evaluate(s.controls, s.spend, s.payment, s.now);
}

const PERIOD_LIMITS = [
  ["daily", "dailyMinor"],
  ["weekly", "weeklyMinor"],
  ["monthly", "monthlyMinor"],
] as const;

const RUNS = { numRuns: 1_000 };

describe("evaluate: properties", () => {
  test("the decline reason is always the first failing rule of the reference model", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const decision = run(s);
        const firstFailing = REFERENCE_RULES.find(([, fails]) => fails(s))?.[0];
        if (firstFailing) {
          expect(decision).toMatchObject({ outcome: "declined", reason: firstFailing, flagged: false, openReview: false });
        } else {
          const expected = decision.risk.level === "high" ? "high_risk" : "approved";
          expect(decision.reason).toBe(expected);
        }
      }),
      RUNS,
    );
  });

  test("never approves on a frozen, cancelled or expired card", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        if (s.controls.cardStatus !== "active") expect(run(s).outcome).toBe("declined");
      }),
      RUNS,
    );
  });

  test("never approves above the channel's amount block", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const block = s.controls.amountBlocks[s.payment.channel];
        if (block !== undefined && s.payment.amountMinor > block) expect(run(s).outcome).toBe("declined");
      }),
      RUNS,
    );
  });

  test("never approves in a blocked country unless an active trip lists it", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const decision = run(s);
        if (decision.outcome === "approved" && listed(s.controls.travel.blockedCountries, s.payment.country)) {
          expect(tripCovers(s)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  test("never approves when spent + amount exceeds any period limit", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        if (run(s).outcome !== "approved") return;
        const { amountMinor, channel } = s.payment;
        for (const [limit, spent] of PERIOD_LIMITS) {
          const cap = s.controls.limits[limit];
          if (cap !== null) expect(s.spend[spent] + amountMinor).toBeLessThanOrEqual(cap);
        }
        const channelCap = s.controls.limits.channelDaily[channel];
        if (channelCap !== null) expect(s.spend.channelDailyMinor[channel] + amountMinor).toBeLessThanOrEqual(channelCap);
        if (s.controls.limits.perPayment !== null) expect(amountMinor).toBeLessThanOrEqual(s.controls.limits.perPayment);
        expect(amountMinor).toBeLessThanOrEqual(s.spend.availableMinor);
      }),
      RUNS,
    );
  });

  test("approved ⇒ risk is not high; flags and reviews follow the risk level", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const decision = run(s);
        if (decision.outcome === "approved") expect(decision.risk.level).not.toBe("high");
        expect(decision.flagged).toBe(decision.outcome === "approved" && decision.risk.level === "medium");
        expect(decision.openReview).toBe(decision.reason === "high_risk");
        expect(decision.outcome === "approved").toBe(decision.reason === "approved");
      }),
      RUNS,
    );
  });

  test("the risk object is always present, bounded and the same as scoring alone", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { risk } = run(s);
        expect(risk).toEqual(scoreRisk(s));
        expect(Number.isInteger(risk.score) && risk.score >= 0 && risk.score <= 100).toBe(true);
        const confirmed = risk.signals.some((signal) => signal.code === "customer_confirmed");
        const expectedLevel = confirmed ? "low" : risk.score >= 70 ? "high" : risk.score >= 40 ? "medium" : "low";
        expect(risk.level).toBe(expectedLevel);
        expect(Math.min(100, risk.signals.reduce((sum, signal) => sum + signal.points, 0))).toBe(risk.score);
      }),
      RUNS,
    );
  });

  test("is deterministic and does not mutate its inputs", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const copy = structuredClone(s);
        const first = run(s);
        expect(run(copy)).toEqual(first);
        expect(s).toEqual(copy);
        expect(run(s)).toEqual(first);
      }),
      RUNS,
    );
  });

  test("risk-only inputs never change a rule decline", () => {
    const riskInputs = fc.record({
      countLast10Min: fc.integer({ min: 0, max: 20 }),
      usualAmountMinor: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: null }),
      historyCount: fc.integer({ min: 0, max: 20 }),
      knownCountries: countries,
      hasUsedOnline: fc.boolean(),
    });
    fc.assert(
      fc.property(scenario, riskInputs, (s, changed) => {
        const before = run(s);
        if (before.outcome === "approved" || before.reason === "high_risk") return;
        const after = run({ ...s, spend: { ...s.spend, ...changed }, controls: { ...s.controls, allowances: [] } });
        expect(after.reason).toBe(before.reason);
      }),
      RUNS,
    );
  });

  test("an approved payment stays approved for any smaller amount", () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 100_000 }), (s, smaller) => {
        if (run(s).outcome !== "approved" || smaller > s.payment.amountMinor) return;
        expect(run({ ...s, payment: { ...s.payment, amountMinor: smaller } }).outcome).toBe("approved");
      }),
      RUNS,
    );
  });

  test("the generator reaches every reason code", () => {
    const seen = new Set(fc.sample(scenario, { numRuns: 5_000, seed: 20_261_124 }).map((s) => run(s).reason));
    expect([...REASON_CODES].filter((code) => !seen.has(code))).toEqual([]);
  });
});

describe("evaluate: trip boundary properties", () => {
  test("a trip covers exactly [startsAt, endsAt)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2 * DAYS, max: 2 * DAYS }),
        fc.integer({ min: 1, max: 5 * DAYS }),
        fc.integer({ min: -7 * DAYS, max: 7 * DAYS }),
        (start, length, probe) => {
          const base = new Date("2026-06-15T12:00:00Z").getTime();
          const trip = { countries: ["ES"], startsAt: new Date(base + start), endsAt: new Date(base + start + length) };
          const now = new Date(base + probe);
          const controls: CardControls = {
            cardStatus: "active",
            channels: { in_store: true, online: true, atm: true, contactless: true },
            amountBlocks: {},
            blockedCategories: [],
            blockedMerchantIds: [],
            travel: { homeCountry: "GB", mode: "home_only", allowedCountries: [], blockedCountries: ["ES"] },
            trips: [trip],
            limits: { perPayment: null, daily: null, weekly: null, monthly: null, channelDaily: { in_store: null, online: null, atm: null, contactless: null } },
            allowances: [],
          };
          const spend: RecentSpend = {
            dailyMinor: 0,
            weeklyMinor: 0,
            monthlyMinor: 0,
            channelDailyMinor: { in_store: 0, online: 0, atm: 0, contactless: 0 },
            availableMinor: 1_000_000,
            countLast10Min: 0,
            usualAmountMinor: null,
            historyCount: 0,
            knownCountries: ["ES"],
            hasUsedOnline: true,
          };
          const payment: PaymentRequest = {
            amountMinor: 1_000,
            currency: "GBP",
            originalAmountMinor: 1_170,
            originalCurrency: "EUR",
            mcc: "5812",
            country: "ES",
            channel: "contactless",
            merchantId: "m-tapas",
            merchantName: "Tapas Bar",
          };
          const inside = trip.startsAt.getTime() <= now.getTime() && now.getTime() < trip.endsAt.getTime();
          expect(evaluate(controls, spend, payment, now).reason).toBe(inside ? "approved" : "country_blocked");
        },
      ),
      { numRuns: 500, examples: [[0, HOURS, 0], [0, HOURS, HOURS], [0, HOURS, -1], [0, HOURS, HOURS - 1]] },
    );
  });
});
