import type { CardControls, Channel, PaymentRequest, RecentSpend } from "./types";

/**
 * Builders for tests: each starts from a card on which every rule passes and risk is
 * low, so a test changes only the one thing it is about.
 */

export const NOW = new Date("2026-06-15T12:00:00.000Z");

export const HOURS = 60 * 60 * 1000;
export const DAYS = 24 * HOURS;

export function at(offsetMs: number, from: Date = NOW): Date {
  return new Date(from.getTime() + offsetMs);
}

export function perChannel<T>(value: T): Record<Channel, T> {
  return { in_store: value, online: value, atm: value, contactless: value };
}

export function openControls(overrides: Partial<CardControls> = {}): CardControls {
  return {
    cardStatus: "active",
    channels: perChannel(true),
    amountBlocks: {},
    blockedCategories: [],
    blockedMerchantIds: [],
    travel: { homeCountry: "GB", mode: "anywhere", allowedCountries: [], blockedCountries: [] },
    trips: [],
    limits: { perPayment: null, daily: null, weekly: null, monthly: null, channelDaily: perChannel(null) },
    allowances: [],
    ...overrides,
  };
}

export function quietSpend(overrides: Partial<RecentSpend> = {}): RecentSpend {
  return {
    dailyMinor: 0,
    weeklyMinor: 0,
    monthlyMinor: 0,
    channelDailyMinor: perChannel(0),
    availableMinor: 500_000,
    countLast10Min: 0,
    usualAmountMinor: 2_500,
    historyCount: 50,
    knownCountries: ["GB", "FR"],
    hasUsedOnline: true,
    ...overrides,
  };
}

export function grocery(overrides: Partial<PaymentRequest> = {}): PaymentRequest {
  return {
    amountMinor: 2_000,
    currency: "GBP",
    originalAmountMinor: 2_000,
    originalCurrency: "GBP",
    mcc: "5411",
    country: "GB",
    channel: "in_store",
    merchantId: "m-grocer",
    merchantName: "Corner Grocer",
    ...overrides,
  };
}
