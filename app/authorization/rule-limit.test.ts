import { defaultCardSettings } from "~/controls/card-settings";
import { ruleLimitFor } from "./rule-limit";

describe("ruleLimitFor", () => {
  const settings = { limits: defaultCardSettings("GB").limits, amountBlocks: { online: 20_00 } };

  test("is the figure of the rule that declined, for the payment's channel", () => {
    expect(ruleLimitFor("amount_block_exceeded", settings, "online")).toBe(20_00);
    expect(ruleLimitFor("per_payment_limit_exceeded", settings, "online")).toBe(5_000_00);
    expect(ruleLimitFor("daily_limit_exceeded", settings, "online")).toBe(3_000_00);
    expect(ruleLimitFor("monthly_limit_exceeded", settings, "online")).toBe(25_000_00);
    expect(ruleLimitFor("channel_daily_limit_exceeded", settings, "contactless")).toBe(100_00);
  });

  test("is null for every other decision", () => {
    for (const reason of ["approved", "card_frozen", "country_blocked", "high_risk", "insufficient_funds"] as const) expect(ruleLimitFor(reason, settings, "online")).toBeNull();
  });
});
