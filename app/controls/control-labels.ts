import { countryName } from "~/authorization/decline-reasons";
import { CATEGORY_GROUP_LABELS, type CategoryGroup } from "~/authorization/merchant-categories";
import type { Channel, TravelMode } from "~/authorization/types";
import type { CurrencyCode } from "~/money/currencies";
import { formatMoney } from "~/money/money";
import type { CardSettings, SettingsOp } from "./card-settings";

/** Words for card controls, shared by the pages and the change summaries stored with pending changes. */

export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  in_store: "In-store payments (chip and PIN)",
  online: "Online and phone payments",
  atm: "Cash machine withdrawals",
  contactless: "Contactless payments",
};

const CHANNEL_NOUNS: Readonly<Record<Channel, string>> = {
  in_store: "in-store payments",
  online: "online payments",
  atm: "cash machine withdrawals",
  contactless: "contactless payments",
};

export const TRAVEL_MODE_LABELS: Readonly<Record<TravelMode, string>> = {
  anywhere: "Anywhere in the world",
  home_only: "Only in my home country",
  home_and_allowed: "In my home country and the countries I allow",
};

export const LIMIT_LABELS = {
  perPayment: "Any single payment",
  daily: "Each day",
  weekly: "Each week (from Monday)",
  monthly: "Each calendar month",
} as const;

export function channelNoun(channel: Channel): string {
  return CHANNEL_NOUNS[channel];
}

/** A country as a customer reads it: "Spain (ES)". */
export function countryLabel(code: string): string {
  const name = countryName(code).replace(/^the /, "");
  return name === code ? code : `${name.charAt(0).toUpperCase()}${name.slice(1)} (${code})`;
}

export function categoryName(group: string): string {
  return Object.hasOwn(CATEGORY_GROUP_LABELS, group) ? CATEGORY_GROUP_LABELS[group as CategoryGroup].toLowerCase() : group;
}

/**
 * One change in the customer's own words, e.g. "Turn online payments back on" or
 * "Unblock gambling". `before` names a merchant that a remove operation only knows by id.
 */
export function describeChange(op: SettingsOp, currency: CurrencyCode, before?: CardSettings): string {
  const money = (value: unknown) => formatMoney({ amountMinor: value as number, currency });
  if (op.op === "set") {
    const [group, key, sub] = op.path.split(".") as [string, string, string | undefined];
    if (group === "channels") return op.value ? `Turn ${channelNoun(key as Channel)} back on` : `Turn off ${channelNoun(key as Channel)}`;
    if (group === "amountBlocks") {
      const noun = channelNoun(key as Channel);
      return op.value === null ? `Remove the amount block on ${noun}` : `Block ${noun} over ${money(op.value)}`;
    }
    if (group === "limits") {
      const what = key === "channelDaily" ? `the daily limit for ${channelNoun(sub as Channel)}` : key === "perPayment" ? "the limit for any single payment" : `the ${key} spending limit`;
      return op.value === null ? `Remove ${what}` : `Set ${what} to ${money(op.value)}`;
    }
    if (op.path === "travel.homeCountry") return `Change your home country to ${countryLabel(String(op.value))}`;
    if (op.path === "travel.mode") return `Allow payments: ${TRAVEL_MODE_LABELS[op.value as TravelMode].toLowerCase()}`;
  }
  const adding = op.op === "add";
  switch (op.path) {
    case "blockedCategories":
      return `${adding ? "Block" : "Unblock"} ${categoryName(String(op.value))}`;
    case "blockedMerchants": {
      const name = op.op === "add" ? (op.label ?? String(op.value)) : (before?.blockedMerchants.find((merchant) => merchant.id === op.value)?.name ?? String(op.value));
      return `${adding ? "Block" : "Unblock"} payments to ${name}`;
    }
    case "travel.blockedCountries":
      return `${adding ? "Block" : "Unblock"} payments in ${countryLabel(String(op.value))}`;
    case "travel.allowedCountries":
      return `${adding ? "Allow" : "Stop allowing"} payments in ${countryLabel(String(op.value))}`;
    default:
      return `Change ${op.path}`;
  }
}

/** A card as a confirmation names it: "Everyday debit ••6160". */
export function cardLabel(card: { name: string; last4: string }): string {
  return `${card.name} ••${card.last4}`;
}
