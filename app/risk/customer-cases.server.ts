import { db } from "~/db.server";

export interface CustomerCase {
  id: string;
  openedAt: string;
  merchantName: string | null;
  words: string;
  open: boolean;
}

/**
 * The cases a customer sees on their card page: the ones their "not me" opened, and any closed
 * as fraud. Ownership is in the query.
 */
export async function casesForCard(customerId: string, cardId: string): Promise<CustomerCase[]> {
  const rows = await db()
    .selectFrom("review_items")
    .leftJoin("authorizations", "authorizations.id", "review_items.authorization_id")
    .select(["review_items.id", "review_items.kind", "review_items.status", "review_items.resolution", "review_items.opened_at", "review_items.resolved_at", "authorizations.merchant_name"])
    .where("review_items.customer_id", "=", customerId)
    .where("review_items.card_id", "=", cardId)
    .where((eb) => eb.or([eb("review_items.kind", "=", "customer_denied"), eb("review_items.resolution", "=", "fraud")]))
    .orderBy("review_items.opened_at", "desc")
    .limit(10)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    openedAt: row.opened_at,
    merchantName: row.merchant_name,
    open: row.status === "open",
    words:
      row.status === "open"
        ? "Open: our fraud team is looking into it. Your card stays frozen meanwhile."
        : row.resolution === "fraud"
          ? "Closed: we confirmed this payment was fraud. Your card is frozen; we'll send you a new one."
          : "Closed: we found this payment was genuine. Unfreeze your card when you are ready.",
  }));
}
