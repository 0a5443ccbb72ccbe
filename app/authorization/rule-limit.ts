import type { CardControls, Channel, ReasonCode } from "./types";

/**
 * The block or limit a decline was measured against, from the controls the engine decided
 * with. Kept on the authorization so the customer reads the figure that applied then.
 */
export function ruleLimitFor(reason: ReasonCode, controls: Pick<CardControls, "amountBlocks" | "limits">, channel: Channel): number | null {
  switch (reason) {
    case "amount_block_exceeded":
      return controls.amountBlocks[channel] ?? null;
    case "per_payment_limit_exceeded":
      return controls.limits.perPayment;
    case "daily_limit_exceeded":
      return controls.limits.daily;
    case "weekly_limit_exceeded":
      return controls.limits.weekly;
    case "monthly_limit_exceeded":
      return controls.limits.monthly;
    case "channel_daily_limit_exceeded":
      return controls.limits.channelDaily[channel];
    default:
      return null;
  }
}
