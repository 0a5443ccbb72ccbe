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

/**
 * Approved spend per period and channel, in one pass over the card's recent authorizations.
 * Runs inside the card's locked transaction, so the totals cannot move under the decision.
 */
export async function recentSpend(
  trx: Db,
  card: Pick<CardRow, "id" | "usual_amount_minor" | "history_count" | "known_countries" | "has_used_online">,
  availableMinor: number,
  now: Date,
): Promise<RecentSpend> {
  const { day, week, month, tenMinutesAgo } = periodStarts(now);
  const since = new Date(Math.min(week.getTime(), month.getTime())).toISOString();
  const approvedSince = (start: Date) => sql<number>`coalesce(sum(case when outcome = 'approved' and created_at >= ${start.toISOString()} then amount_minor else 0 end), 0)`;
  const channelToday = (channel: Channel) =>
    sql<number>`coalesce(sum(case when outcome = 'approved' and channel = ${channel} and created_at >= ${day.toISOString()} then amount_minor else 0 end), 0)`;
  const row = await trx
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
    .where("card_id", "=", card.id)
    .where("created_at", ">=", since)
    .executeTakeFirstOrThrow();
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
