import { countryName, describeDecision, GUIDE_SLUGS, guideForReason } from "./decline-reasons";
import { CHANNELS, REASON_CODES } from "./types";

const fullContext = {
  country: "ES",
  channel: "online" as const,
  merchantName: "Lucky Spins",
  mcc: "7995",
  amountMinor: 12_345,
  currency: "GBP" as const,
};

describe("describeDecision", () => {
  test.each(REASON_CODES)("%s has a title and a plain-words message, with or without context", (reason) => {
    for (const context of [fullContext, {}]) {
      const { title, message } = describeDecision(reason, context);
      expect(title.trim().length).toBeGreaterThan(0);
      expect(message.trim().length).toBeGreaterThan(20);
      expect(message).not.toMatch(/undefined|null|NaN|\[object/);
      expect(message).not.toMatch(/_/);
    }
  });

  test("every decline starts by saying why", () => {
    for (const reason of REASON_CODES.filter((code) => code !== "approved")) {
      expect(describeDecision(reason, fullContext).message).toMatch(/^Declined because /);
    }
  });

  test("names the country for travel declines", () => {
    expect(describeDecision("country_blocked", { country: "ES" }).message).toMatch(
      /^Declined because payments from Spain are blocked on this card by your travel settings\./,
    );
    expect(describeDecision("country_not_allowed", { country: "us" }).message).toContain("the United States");
  });

  test("names the channel, category and merchant", () => {
    expect(describeDecision("channel_disabled", { channel: "atm" }).message).toContain("cash machine withdrawals are turned off");
    expect(describeDecision("category_blocked", { mcc: "7995" }).message).toContain("blocked gambling payments");
    expect(describeDecision("category_blocked", { mcc: "6051" }).message).toContain("blocked cryptocurrency payments");
    expect(describeDecision("merchant_blocked", { merchantName: "Lucky Spins" }).message).toContain("payments to Lucky Spins");
    expect(describeDecision("amount_block_exceeded", { channel: "contactless" }).message).toContain("a single contactless payment");
    expect(describeDecision("channel_daily_limit_exceeded", { channel: "online" }).message).toContain("online payments");
    expect(describeDecision("weekly_limit_exceeded").message).toContain("weekly spending limit");
  });

  test("describes an approval with its amount", () => {
    expect(describeDecision("approved", fullContext).message).toBe("We approved your £123.45 payment to Lucky Spins.");
  });

  test("a held payment reminds the customer what we never ask", () => {
    expect(describeDecision("high_risk").message).toMatch(/never call/);
  });
});

describe("countryName", () => {
  test.each([
    ["ES", "Spain"],
    ["es", "Spain"],
    ["GB", "the United Kingdom"],
    ["NL", "the Netherlands"],
    ["JP", "Japan"],
    [undefined, "this country"],
    ["", "this country"],
    ["E1", "this country"],
    ["ZZ", "ZZ"],
  ])("%s reads as %s", (code, name) => {
    expect(countryName(code)).toBe(name);
  });
});

describe("guideForReason", () => {
  test("covers every reason and links only to published guide slugs", () => {
    expect(Object.keys(guideForReason).sort()).toEqual([...REASON_CODES].sort());
    expect(GUIDE_SLUGS).toHaveLength(14);
    for (const slug of Object.values(guideForReason)) {
      if (slug !== null) expect(GUIDE_SLUGS).toContain(slug);
    }
  });

  test("routes each reason to the guide that helps", () => {
    expect(guideForReason.card_frozen).toBe("freezing-your-card");
    expect(guideForReason.country_blocked).toBe("travelling-with-your-card");
    expect(guideForReason.country_not_allowed).toBe("travelling-with-your-card");
    expect(guideForReason.high_risk).toBe("when-a-payment-is-held");
    // Every limit, and every block the customer set on a channel, category or merchant.
    const blocksAndLimits = REASON_CODES.filter((reason) => reason.endsWith("_exceeded") || ["channel_disabled", "category_blocked", "merchant_blocked"].includes(reason));
    expect(blocksAndLimits).toHaveLength(9);
    for (const reason of blocksAndLimits) expect(guideForReason[reason]).toBe("amount-and-category-blocks");
    expect(guideForReason.approved).toBeNull();
  });

  test("channel phrases exist for every channel", () => {
    for (const channel of CHANNELS) {
      expect(describeDecision("channel_disabled", { channel }).message).not.toContain("this type of payment");
    }
  });
});

describe("limit declines name the rule's figure and the payment's", () => {
  const at = (reason: Parameters<typeof describeDecision>[0], limitMinor: number | null, channel: "online" | "contactless" = "online") =>
    describeDecision(reason, { channel, amountMinor: 30_00, currency: "GBP", limitMinor }).message;

  test("an amount block", () => {
    expect(at("amount_block_exceeded", 20_00)).toBe("Declined: your online amount block is £20.00 and this payment was £30.00.");
  });

  test("the per-payment, period and channel limits", () => {
    expect(at("per_payment_limit_exceeded", 25_00)).toBe("Declined: your limit for any single payment is £25.00 and this payment was £30.00.");
    expect(at("daily_limit_exceeded", 40_00)).toMatch(/^Declined: your daily limit is £40\.00, and this payment of £30\.00 would take you over it\./);
    expect(at("channel_daily_limit_exceeded", 100_00, "contactless")).toBe("Declined: your daily limit for contactless payments is £100.00, and this payment of £30.00 would take you over it.");
  });

  test("without a stored figure the general wording stays", () => {
    expect(at("amount_block_exceeded", null)).toBe("Declined because it's more than the most you've allowed for a single online payment on this card.");
  });
});
