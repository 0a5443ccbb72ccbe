import { formatMoney } from "~/money/money";
import { isSupportedCurrency } from "~/money/currencies";
import { categoryGroupFor, CATEGORY_GROUP_PHRASES } from "./merchant-categories";
import type { Channel, PaymentRequest, ReasonCode } from "./types";

/** The published security guides, by slug. A guide link must point at one of these. */
export const GUIDE_SLUGS = [
  "recognising-phishing",
  "what-we-never-ask",
  "safe-account-scams",
  "push-payment-scams",
  "passkeys-explained",
  "travelling-with-your-card",
  "amount-and-category-blocks",
  "public-wifi-and-vpns",
  "keeping-devices-safe",
  "account-takeover-signs",
  "protecting-your-identity",
  "online-shopping-fraud",
  "freezing-your-card",
  "when-a-payment-is-held",
] as const;
export type GuideSlug = (typeof GUIDE_SLUGS)[number];

/**
 * The guide that helps a customer act on a decision. Null where no guide would help
 * (an approval, or a card that is simply no longer usable, or not enough money).
 */
export const guideForReason: Readonly<Record<ReasonCode, GuideSlug | null>> = {
  approved: null,
  card_frozen: "freezing-your-card",
  card_inactive: null,
  channel_disabled: "amount-and-category-blocks",
  category_blocked: "amount-and-category-blocks",
  merchant_blocked: "amount-and-category-blocks",
  country_blocked: "travelling-with-your-card",
  country_not_allowed: "travelling-with-your-card",
  amount_block_exceeded: "amount-and-category-blocks",
  per_payment_limit_exceeded: "amount-and-category-blocks",
  daily_limit_exceeded: "amount-and-category-blocks",
  weekly_limit_exceeded: "amount-and-category-blocks",
  monthly_limit_exceeded: "amount-and-category-blocks",
  channel_daily_limit_exceeded: "amount-and-category-blocks",
  insufficient_funds: null,
  high_risk: "when-a-payment-is-held",
};

/** Whatever the caller knows about the payment; every field is optional. */
export type DecisionContext = Partial<
  Pick<PaymentRequest, "country" | "channel" | "merchantName" | "mcc" | "amountMinor" | "currency">
> & {
  locale?: string;
  /** the block or limit a limit decline was measured against, in the same currency */
  limitMinor?: number | null;
};

export type DecisionText = { title: string; message: string };

const CHANNEL_PHRASES: Readonly<Record<Channel, string>> = {
  in_store: "in-store payments",
  online: "online payments",
  atm: "cash machine withdrawals",
  contactless: "contactless payments",
};

const CHANNEL_SINGULAR: Readonly<Record<Channel, string>> = {
  in_store: "in-store payment",
  online: "online payment",
  atm: "cash machine withdrawal",
  contactless: "contactless payment",
};

/** Names that read wrongly without "the", or whose CLDR form is not plain English. */
const COUNTRY_NAME_OVERRIDES: Readonly<Record<string, string>> = {
  AE: "the United Arab Emirates",
  BS: "the Bahamas",
  CD: "the Democratic Republic of the Congo",
  CG: "the Republic of the Congo",
  CZ: "the Czech Republic",
  DO: "the Dominican Republic",
  GB: "the United Kingdom",
  GM: "the Gambia",
  HK: "Hong Kong",
  KY: "the Cayman Islands",
  MO: "Macao",
  MV: "the Maldives",
  NL: "the Netherlands",
  PH: "the Philippines",
  US: "the United States",
};

// Made once, on first use: constructing Intl objects is the expensive part.
let regionNames: Intl.DisplayNames | undefined;

export function countryName(code: string | undefined): string {
  const normalized = code?.trim().toUpperCase() ?? "";
  if (!/^[A-Z]{2}$/.test(normalized)) return "this country";
  const override = COUNTRY_NAME_OVERRIDES[normalized];
  if (override) return override;
  regionNames ??= new Intl.DisplayNames("en-GB", { type: "region" });
  const name = regionNames.of(normalized);
  return name && name !== "Unknown Region" ? name : normalized;
}

function merchantPhrase(name: string | undefined): string {
  const trimmed = name?.trim();
  return trimmed ? trimmed : "this merchant";
}

function amountPhrase(context: DecisionContext): string | null {
  const { amountMinor, currency } = context;
  if (amountMinor === undefined || currency === undefined) return null;
  if (!Number.isSafeInteger(amountMinor) || !isSupportedCurrency(currency)) return null;
  return formatMoney({ amountMinor, currency }, context.locale);
}

const CHANNEL_ADJECTIVES: Readonly<Record<Channel, string>> = {
  in_store: "in-store",
  online: "online",
  atm: "cash machine",
  contactless: "contactless",
};

/** The rule's figure and the payment's, when both are known: what a customer needs to decide what to change. */
function figures(context: DecisionContext): { limit: string; amount: string } | null {
  const amount = amountPhrase(context);
  if (!amount || context.limitMinor === undefined || context.limitMinor === null) return null;
  const limit = amountPhrase({ ...context, amountMinor: context.limitMinor });
  return limit ? { limit, amount } : null;
}

function periodLimit(period: "daily" | "weekly" | "monthly", context: DecisionContext): DecisionText {
  const titlePeriod = period.charAt(0).toUpperCase() + period.slice(1);
  const known = figures(context);
  return {
    title: `${titlePeriod} limit reached`,
    message: known
      ? `Declined: your ${period} limit is ${known.limit}, and this payment of ${known.amount} would take you over it. You can change your limits in card settings.`
      : `Declined because this payment would take you over the ${period} spending limit you've set on this card. You can change your limits in card settings.`,
  };
}

/** Plain-words text for a decision, for the activity feed, notifications and support. */
export function describeDecision(reason: ReasonCode, context: DecisionContext = {}): DecisionText {
  const channel = context.channel;
  switch (reason) {
    case "approved": {
      const amount = amountPhrase(context);
      const to = context.merchantName?.trim() ? ` to ${merchantPhrase(context.merchantName)}` : "";
      return {
        title: "Payment approved",
        message: amount ? `We approved your ${amount} payment${to}.` : `We approved this payment${to}.`,
      };
    }
    case "card_frozen":
      return {
        title: "Card frozen",
        message:
          "Declined because your card is frozen. If you froze it by mistake or have found your card, you can unfreeze it on the card's controls page.",
      };
    case "card_inactive":
      return {
        title: "Card not active",
        message:
          "Declined because this card has been cancelled or has expired. Use your replacement card, or contact us if you haven't received one.",
      };
    case "channel_disabled": {
      const what = channel ? CHANNEL_PHRASES[channel] : "this type of payment";
      return {
        title: channel ? `${capitalise(what)} turned off` : "Payment type turned off",
        message: `Declined because ${what} ${channel ? "are" : "is"} turned off on this card. You can turn ${channel ? "them" : "it"} back on in card settings.`,
      };
    }
    case "category_blocked": {
      const phrase = context.mcc ? CATEGORY_GROUP_PHRASES[categoryGroupFor(context.mcc)] : null;
      return {
        title: "Category blocked",
        message: phrase
          ? `Declined because you've blocked ${phrase} payments on this card.`
          : "Declined because you've blocked this type of spending on this card.",
      };
    }
    case "merchant_blocked":
      return {
        title: "Merchant blocked",
        message: `Declined because you've blocked payments to ${merchantPhrase(context.merchantName)} on this card.`,
      };
    case "country_blocked":
      return {
        title: "Country blocked",
        message: `Declined because payments from ${countryName(context.country)} are blocked on this card by your travel settings. If you're travelling there, add a trip.`,
      };
    case "country_not_allowed":
      return {
        title: "Country not allowed",
        message: `Declined because your travel settings don't allow payments from ${countryName(context.country)}. If you're travelling there, add a trip or change where your card can be used.`,
      };
    case "amount_block_exceeded": {
      const what = channel ? `a single ${CHANNEL_SINGULAR[channel]}` : "a single payment of this type";
      const known = figures(context);
      return {
        title: "Over your amount block",
        message:
          known && channel
            ? `Declined: your ${CHANNEL_ADJECTIVES[channel]} amount block is ${known.limit} and this payment was ${known.amount}.`
            : `Declined because it's more than the most you've allowed for ${what} on this card.`,
      };
    }
    case "per_payment_limit_exceeded": {
      const known = figures(context);
      return {
        title: "Over your per-payment limit",
        message: known
          ? `Declined: your limit for any single payment is ${known.limit} and this payment was ${known.amount}.`
          : "Declined because it's more than the limit you've set for any single payment on this card.",
      };
    }
    case "daily_limit_exceeded":
      return periodLimit("daily", context);
    case "weekly_limit_exceeded":
      return periodLimit("weekly", context);
    case "monthly_limit_exceeded":
      return periodLimit("monthly", context);
    case "channel_daily_limit_exceeded": {
      const what = channel ? CHANNEL_PHRASES[channel] : "this type of payment";
      const known = figures(context);
      return {
        title: "Daily limit reached",
        message: known
          ? `Declined: your daily limit for ${what} is ${known.limit}, and this payment of ${known.amount} would take you over it.`
          : `Declined because this payment would take you over the daily limit you've set for ${what}.`,
      };
    }
    case "insufficient_funds":
      return {
        title: "Not enough money available",
        message: "Declined because there isn't enough money or credit available on your account for this payment.",
      };
    case "high_risk":
      return {
        title: "Declined by our fraud checks",
        message:
          "Declined because this payment didn't look like your usual spending, so we stopped it to keep your money safe. If it was you, choose “This was me” on your card page and try again. We will never call you to ask for your card details or to move your money.",
      };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
