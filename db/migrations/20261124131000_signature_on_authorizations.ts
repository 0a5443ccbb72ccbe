import type { Kysely } from "kysely";

// Replays were caught by a table of every signature seen: one more statement and three more
// index pages per payment, plus pruning. A signature covers the body, and the body names the
// card, so a replay always meets its original under the same card lock; keeping the signature
// on the authorization it produced, unique, refuses it there instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("authorizations").addColumn("signature", "text").execute();
  await db.schema.createIndex("authorizations_signature_uq").on("authorizations").column("signature").unique().execute();
  await db.schema.dropTable("api_request_signatures").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("api_request_signatures")
    .addColumn("signature", "text", (c) => c.primaryKey())
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("api_request_signatures_time_idx").on("api_request_signatures").column("received_at").execute();
  await db.schema.dropIndex("authorizations_signature_uq").execute();
  await db.schema.alterTable("authorizations").dropColumn("signature").execute();
}
