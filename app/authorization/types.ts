import type { CurrencyCode } from "~/money/currencies";
import type { CategoryGroup } from "./merchant-categories";

/**
 * Input types of the authorization decision. They live apart from the evaluator so
 * that UI code can import them (and the reason codes) without pulling in a
 * `.server` module.
 */

export const CHANNELS = ["in_store", "online", "atm", "contactless"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CARD_STATUSES = ["active", "frozen", "cancelled", "expired"] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export const TRAVEL_MODES = ["anywhere", "home_only", "home_and_allowed"] as const;
export type TravelMode = (typeof TRAVEL_MODES)[number];

export type PaymentRequest = {
  /** Already converted into the card account's currency; positive minor units. */
  amountMinor: number;
  /** The card account's currency — the one limits and balances are held in. */
  currency: CurrencyCode;
  originalAmountMinor: number;
  originalCurrency: CurrencyCode;
  /** ISO 18245 merchant category code, four digits. */
  mcc: string;
  /** ISO 3166-1 alpha-2 country of the merchant or terminal. */
  country: string;
  channel: Channel;
  merchantId: string;
  merchantName: string;
};

export type Trip = { countries: string[]; startsAt: Date; endsAt: Date };

/** A "this was me" answer: lowers risk for matching payments until `until`. */
export type Allowance = { country: string; merchantId: string | null; until: Date };

export type CardControls = {
  cardStatus: CardStatus;
  channels: Record<Channel, boolean>;
  /** Largest single payment allowed on each channel, in account minor units. */
  amountBlocks: Partial<Record<Channel, number>>;
  /** The effective set at `now`; scheduling is resolved before evaluation. */
  blockedCategories: CategoryGroup[];
  blockedMerchantIds: string[];
  travel: {
    homeCountry: string;
    mode: TravelMode;
    allowedCountries: string[];
    blockedCountries: string[];
  };
  trips: Trip[];
  limits: {
    perPayment: number | null;
    daily: number | null;
    weekly: number | null;
    monthly: number | null;
    channelDaily: Record<Channel, number | null>;
  };
  allowances: Allowance[];
};

/** Spending already made in the current periods, excluding the payment being decided. */
export type RecentSpend = {
  dailyMinor: number;
  weeklyMinor: number;
  monthlyMinor: number;
  channelDailyMinor: Record<Channel, number>;
  /** Available balance, or available credit on a credit card. */
  availableMinor: number;
  countLast10Min: number;
  /** Typical payment size; null without enough history to say. */
  usualAmountMinor: number | null;
  historyCount: number;
  knownCountries: string[];
  hasUsedOnline: boolean;
};

/** In rule order: the first rule that fails names the reason. */
export const REASON_CODES = [
  "approved",
  "card_frozen",
  "card_inactive",
  "channel_disabled",
  "category_blocked",
  "merchant_blocked",
  "country_blocked",
  "country_not_allowed",
  "amount_block_exceeded",
  "per_payment_limit_exceeded",
  "daily_limit_exceeded",
  "weekly_limit_exceeded",
  "monthly_limit_exceeded",
  "channel_daily_limit_exceeded",
  "insufficient_funds",
  "high_risk",
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];
export type DeclineReason = Exclude<ReasonCode, "approved">;
