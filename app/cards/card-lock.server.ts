import { lockRowsSupported, type Db } from "~/db.server";

/**
 * Which card: by id, optionally only if it is this customer's (ownership in the query, so a
 * stranger's card id is simply not found), or by the network's token.
 */
export type CardKey = { id: string; customerId?: string } | { token: string };

/** The cards row named by `key`, unlocked: for reads before a write transaction begins. */
export function selectCard(trx: Db, key: CardKey) {
  const cards = trx.selectFrom("cards");
  if ("token" in key) return cards.where("cards.token", "=", key.token);
  const byId = cards.where("cards.id", "=", key.id);
  return key.customerId === undefined ? byId : byId.where("cards.customer_id", "=", key.customerId);
}

/**
 * The one way a decision about a card locks its row until the transaction ends. PostgreSQL
 * takes a row lock (SELECT … FOR UPDATE), so only work on this same card waits; SQLite has
 * no row locks and needs none, because inWriteTransaction's BEGIN IMMEDIATE already makes
 * the writer exclusive. The caller picks the columns (and may join: PostgreSQL then locks
 * the joined rows too).
 */
export function lockCardForUpdate(trx: Db, key: CardKey) {
  return selectCard(trx, key).$if(lockRowsSupported(), (query) => query.forUpdate());
}
