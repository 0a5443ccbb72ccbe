import { sql } from "kysely";
import type { CardRow } from "../../db/schema";
import type { Db } from "~/db.server";
import { periodStarts } from "./periods";
import { CHANNELS, type Channel, type RecentSpend } from "./types";

function parseCountries(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
  } catch {
    return [];
  }
}

function spendSums(trx: Db, cardId: string, now: Date) {
  const { day, week, month, tenMinutesAgo } = periodStarts(now);
  const since = new Date(Math.min(week.getTime(), month.getTime())).toISOString();
  const approvedSince = (start: Date) => sql<number>`coalesce(sum(case when outcome = 'approved' and created_at >= ${start.toISOString()} then amount_minor else 0 end), 0)`;
  const channelToday = (channel: Channel) =>
    sql<number>`coalesce(sum(case when outcome = 'approved' and channel = ${channel} and created_at >= ${day.toISOString()} then amount_minor else 0 end), 0)`;
  return trx
    .selectFrom("authorizations")
    .select([
      approvedSince(day).as("daily"),
      approvedSince(week).as("weekly"),
      approvedSince(month).as("monthly"),
      channelToday("in_store").as("in_store"),
      channelToday("online").as("online"),
      channelToday("atm").as("atm"),
      channelToday("contactless").as("contactless"),
      sql<number>`coalesce(sum(case when created_at >= ${tenMinutesAgo.toISOString()} then 1 else 0 end), 0)`.as("recent"),
    ])
    .where("card_id", "=", cardId)
    .where("created_at", ">=", since);
}

type SpendRow = Record<"daily" | "weekly" | "monthly" | "recent" | Channel, number>;
type CardProfile = Pick<CardRow, "id" | "usual_amount_minor" | "history_count" | "known_countries" | "has_used_online">;

function toRecentSpend(row: SpendRow, card: CardProfile, availableMinor: number): RecentSpend {
  const channelDailyMinor = Object.fromEntries(CHANNELS.map((channel) => [channel, Number(row[channel])])) as Record<Channel, number>;
  return {
    dailyMinor: Number(row.daily),
    weeklyMinor: Number(row.weekly),
    monthlyMinor: Number(row.monthly),
    channelDailyMinor,
    availableMinor,
    countLast10Min: Number(row.recent),
    usualAmountMinor: card.usual_amount_minor,
    historyCount: card.history_count,
    knownCountries: parseCountries(card.known_countries),
    hasUsedOnline: card.has_used_online === 1,
  };
}

/**
 * Approved spend per period and channel, in one pass over the card's recent authorizations.
 * Runs inside the card's locked transaction, so the totals cannot move under the decision.
 */
export async function recentSpend(trx: Db, card: CardProfile, availableMinor: number, now: Date): Promise<RecentSpend> {
  return toRecentSpend(await spendSums(trx, card.id, now).executeTakeFirstOrThrow(), card, availableMinor);
}

export interface PriorRequests {
  /** the authorization this exact signature already produced: a replay */
  replayOf: string | null;
  /** this exact signature was already answered without an authorization: also a replay */
  seenWithoutAuthorization: boolean;
  /** the authorization this client's Idempotency-Key already produced: a retry */
  retryOf: string | null;
}

/**
 * recentSpend plus the replay and retry look-ups, in the same statement: every statement is
 * a round trip on PostgreSQL, and both answers must be read after the card lock anyway.
 */
export async function recentSpendAndPriorRequests(
  trx: Db,
  card: CardProfile,
  availableMinor: number,
  now: Date,
  request: { clientId: string; idempotencyKey: string; signature: string },
): Promise<{ spend: RecentSpend; prior: PriorRequests }> {
  const row = await spendSums(trx, card.id, now)
    .select((eb) => [
      eb.selectFrom("authorizations as replayed").select("replayed.id").where("replayed.signature", "=", request.signature).limit(1).as("replay_of"),
      eb.selectFrom("api_request_signatures as seen").select("seen.signature").where("seen.signature", "=", request.signature).limit(1).as("seen"),
      eb
        .selectFrom("authorizations as retried")
        .select("retried.id")
        .where("retried.client_id", "=", request.clientId)
        .where("retried.idempotency_key", "=", request.idempotencyKey)
        .limit(1)
        .as("retry_of"),
    ])
    .executeTakeFirstOrThrow();
  return {
    spend: toRecentSpend(row, card, availableMinor),
    prior: { replayOf: row.replay_of ?? null, seenWithoutAuthorization: row.seen != null, retryOf: row.retry_of ?? null },
  };
}
