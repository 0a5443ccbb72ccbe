import { sql } from "kysely";
import { categoryGroupFor, categoryLabel } from "~/authorization/merchant-categories";
import { now as clockNow } from "~/clock.server";
import { db } from "~/db.server";

export interface SpendingByCategory {
  /** YYYY-MM, oldest first, the current month last */
  months: string[];
  /** biggest total first */
  categories: { label: string; totalMinor: number; byMonthMinor: number[] }[];
}

export const CHART_MONTHS = 6;

/**
 * Posted card spending (money out with a merchant category) on one of this customer's
 * accounts, per category and calendar month (UTC), for the last six months including this one.
 * Ownership is in the query, as for the transaction list.
 */
export async function spendingByCategory(customerId: string, accountId: string, at: Date = clockNow()): Promise<SpendingByCategory> {
  const months = Array.from({ length: CHART_MONTHS }, (_, index) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - (CHART_MONTHS - 1 - index), 1)).toISOString().slice(0, 7));
  const month = sql<string>`substr(transactions.posted_at, 1, 7)`;
  const rows = await db()
    .selectFrom("transactions")
    .innerJoin("accounts", "accounts.id", "transactions.account_id")
    .select([month.as("month"), "transactions.mcc", sql<number>`sum(-transactions.amount_minor)`.as("spent")])
    .where("accounts.customer_id", "=", customerId)
    .where("transactions.account_id", "=", accountId)
    .where("transactions.amount_minor", "<", 0)
    .where("transactions.mcc", "is not", null)
    .where("transactions.posted_at", ">=", `${months[0]}-01T00:00:00.000Z`)
    .groupBy([month, "transactions.mcc"])
    .execute();

  const byLabel = new Map<string, number[]>();
  for (const row of rows) {
    const index = months.indexOf(row.month);
    if (index < 0 || !row.mcc) continue;
    const label = categoryLabel(categoryGroupFor(row.mcc));
    const sums = byLabel.get(label) ?? Array.from({ length: CHART_MONTHS }, () => 0);
    sums[index] = (sums[index] ?? 0) + Number(row.spent);
    byLabel.set(label, sums);
  }
  const categories = [...byLabel.entries()]
    .map(([label, byMonthMinor]) => ({ label, byMonthMinor, totalMinor: byMonthMinor.reduce((sum, value) => sum + value, 0) }))
    .filter((category) => category.totalMinor > 0)
    .sort((a, b) => b.totalMinor - a.totalMinor || a.label.localeCompare(b.label));
  return { months, categories };
}
