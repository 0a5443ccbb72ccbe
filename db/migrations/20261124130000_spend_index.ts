import type { Kysely } from "kysely";

// Every decision sums the card's approved spend since the start of the week or month. With
// only (card_id, created_at) indexed, each of those rows was read from the wide table; with
// the summed columns in the index the sum never leaves it. The card page's "recent
// authorizations" list (card_id, newest first) is served by the same index.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("authorizations_card_time_idx").execute();
  await db.schema
    .createIndex("authorizations_card_spend_idx")
    .on("authorizations")
    .columns(["card_id", "created_at", "outcome", "channel", "amount_minor"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("authorizations_card_spend_idx").execute();
  await db.schema.createIndex("authorizations_card_time_idx").on("authorizations").columns(["card_id", "created_at"]).execute();
}
