import type { CardRow } from "../../db/schema";
import { describeDecision, guideForReason } from "~/authorization/decline-reasons";
import { recentSpend } from "~/authorization/recent-spend.server";
import { CHANNELS, REASON_CODES, type Channel, type ReasonCode } from "~/authorization/types";
import { now as clockNow } from "~/clock.server";
import { currentSettings, pendingChanges } from "~/controls/card-controls.server";
import type { CardSettings } from "~/controls/card-settings";
import { CHANNEL_LABELS, LIMIT_LABELS } from "~/controls/control-labels";
import { listTrips, type TripView } from "~/controls/trips.server";
import { db } from "~/db.server";
import { isSupportedCurrency, type CurrencyCode } from "~/money/currencies";
import { asksCustomer } from "~/risk/customer-answers.server";

export interface CardListItem {
  id: string;
  accountId: string;
  name: string;
  last4: string;
  brand: CardRow["brand"];
  status: CardRow["status"];
  expiryMonth: number;
  expiryYear: number;
}

export async function listCards(customerId: string): Promise<CardListItem[]> {
  const rows = await db()
    .selectFrom("cards")
    .select(["id", "account_id", "name", "last4", "brand", "status", "expiry_month", "expiry_year"])
    .where("customer_id", "=", customerId)
    .orderBy("created_at")
    .orderBy("name")
    .execute();
  return rows.map((row) => ({ id: row.id, accountId: row.account_id, name: row.name, last4: row.last4, brand: row.brand, status: row.status, expiryMonth: row.expiry_month, expiryYear: row.expiry_year }));
}

export interface LimitUsage {
  key: string;
  label: string;
  limitMinor: number | null;
  /** null for the per-payment limit, which applies to each payment rather than adding up */
  usedMinor: number | null;
}

export interface AuthorizationView {
  id: string;
  createdAt: string;
  merchantId: string;
  merchantName: string;
  amountMinor: number;
  currency: string;
  originalAmountMinor: number;
  originalCurrency: string;
  country: string;
  channel: string;
  approved: boolean;
  /** approved and already posted to the account; an approved payment not yet posted is pending */
  posted: boolean;
  title: string;
  message: string;
  guideSlug: string | null;
  flagged: boolean;
  customerResponse: "confirmed" | "denied" | null;
  canAnswer: boolean;
  merchantBlocked: boolean;
}

export interface CardPage {
  card: CardListItem & { accountName: string };
  currency: CurrencyCode;
  settings: CardSettings;
  limits: LimitUsage[];
  authorizations: AuthorizationView[];
  pending: { id: string; summary: string; requestedAt: string; effectiveAt: string }[];
  trips: TripView[];
}

export const RECENT_AUTHORIZATIONS = 20;

const isChannel = (value: string): value is Channel => (CHANNELS as readonly string[]).includes(value);
const isReason = (value: string): value is ReasonCode => (REASON_CODES as readonly string[]).includes(value);

/**
 * Everything the card page shows, or null when the card is not this customer's. Spend so far
 * comes from the engine's own query (recentSpend) and the recent payments from the same
 * authorization rows, posted or pending, so the page, the decisions and the account's list of
 * card payments never disagree.
 */
export async function cardPage(customerId: string, cardId: string, at: Date = clockNow()): Promise<CardPage | null> {
  const card = await db().selectFrom("cards").selectAll().where("id", "=", cardId).where("customer_id", "=", customerId).executeTakeFirst();
  if (!card) return null;
  const account = await db().selectFrom("accounts").selectAll().where("id", "=", card.account_id).where("customer_id", "=", customerId).executeTakeFirstOrThrow();
  const currency: CurrencyCode = isSupportedCurrency(account.currency) ? account.currency : "GBP";
  const [settings, spend, pending, trips, rows] = await Promise.all([
    currentSettings(db(), card, at),
    recentSpend(db(), card, Number(account.available_minor), at),
    pendingChanges(db(), card.id),
    listTrips(customerId, card.id, at),
    db()
      .selectFrom("authorizations")
      .innerJoin("cards", "cards.id", "authorizations.card_id")
      .selectAll("authorizations")
      .where("cards.customer_id", "=", customerId)
      .where("authorizations.card_id", "=", card.id)
      .orderBy("authorizations.created_at", "desc")
      .orderBy("authorizations.id", "desc")
      .limit(RECENT_AUTHORIZATIONS)
      .execute(),
  ]);

  const limits: LimitUsage[] = [
    { key: "perPayment", label: LIMIT_LABELS.perPayment, limitMinor: settings.limits.perPayment, usedMinor: null },
    { key: "daily", label: LIMIT_LABELS.daily, limitMinor: settings.limits.daily, usedMinor: spend.dailyMinor },
    { key: "weekly", label: LIMIT_LABELS.weekly, limitMinor: settings.limits.weekly, usedMinor: spend.weeklyMinor },
    { key: "monthly", label: LIMIT_LABELS.monthly, limitMinor: settings.limits.monthly, usedMinor: spend.monthlyMinor },
    ...CHANNELS.map((channel) => ({
      key: `channel-${channel}`,
      label: `${CHANNEL_LABELS[channel]}, each day`,
      limitMinor: settings.limits.channelDaily[channel],
      usedMinor: spend.channelDailyMinor[channel],
    })),
  ];

  const closedCases = new Set(
    rows.length === 0
      ? []
      : (
          await db()
            .selectFrom("review_items")
            .select("authorization_id")
            .where("customer_id", "=", customerId)
            .where("authorization_id", "in", rows.map((row) => row.id))
            .where("status", "=", "resolved")
            .execute()
        ).map((row) => row.authorization_id),
  );
  const blockedMerchants = new Set(settings.blockedMerchants.map((merchant) => merchant.id));
  const authorizations = rows.map((row): AuthorizationView => {
    const reason: ReasonCode = isReason(row.reason) ? row.reason : "high_risk";
    const text = describeDecision(reason, {
      country: row.country,
      channel: isChannel(row.channel) ? row.channel : undefined,
      merchantName: row.merchant_name,
      mcc: row.mcc,
      amountMinor: Number(row.amount_minor),
      currency: isSupportedCurrency(row.currency) ? row.currency : undefined,
      limitMinor: row.rule_limit_minor === null ? null : Number(row.rule_limit_minor),
    });
    return {
      id: row.id,
      createdAt: row.created_at,
      merchantId: row.merchant_id,
      merchantName: row.merchant_name,
      amountMinor: Number(row.amount_minor),
      currency: row.currency,
      originalAmountMinor: Number(row.original_amount_minor),
      originalCurrency: row.original_currency,
      country: row.country,
      channel: row.channel,
      approved: row.outcome === "approved",
      posted: row.transaction_id !== null,
      title: text.title,
      message: text.message,
      guideSlug: row.outcome === "declined" ? guideForReason[reason] : null,
      flagged: row.flagged === 1,
      customerResponse: row.customer_response,
      canAnswer: asksCustomer(row) && row.customer_response === null && !closedCases.has(row.id),
      merchantBlocked: blockedMerchants.has(row.merchant_id),
    };
  });

  return {
    card: {
      id: card.id,
      accountId: card.account_id,
      accountName: account.name,
      name: card.name,
      last4: card.last4,
      brand: card.brand,
      status: card.status,
      expiryMonth: card.expiry_month,
      expiryYear: card.expiry_year,
    },
    currency,
    settings,
    limits,
    authorizations,
    // Matured changes are already in force (currentSettings applied them), so they are not "pending".
    pending: pending
      .filter((change) => Date.parse(change.effectiveAt) > at.getTime())
      .map((change) => ({ id: change.id, summary: change.summary, requestedAt: change.requestedAt, effectiveAt: change.effectiveAt })),
    trips,
  };
}

/** The currency a card's amounts are typed in, or null when the card is not this customer's. */
export async function ownedCardCurrency(customerId: string, cardId: string): Promise<CurrencyCode | null> {
  const row = await db()
    .selectFrom("cards")
    .innerJoin("accounts", "accounts.id", "cards.account_id")
    .select("accounts.currency")
    .where("cards.id", "=", cardId)
    .where("cards.customer_id", "=", customerId)
    .executeTakeFirst();
  if (!row) return null;
  return isSupportedCurrency(row.currency) ? row.currency : "GBP";
}

/** Development's simulator: every card with its holder's name, so a newcomer can try payments at once. */
export async function simulatorCards(): Promise<{ token: string; name: string; last4: string; display_name: string }[]> {
  return db()
    .selectFrom("cards")
    .innerJoin("users", "users.id", "cards.customer_id")
    .select(["cards.token", "cards.name", "cards.last4", "users.display_name"])
    .orderBy("users.display_name")
    .execute();
}
