import type { Kysely } from "kysely";

// Replays were caught by inserting every request's signature into api_request_signatures: one
// more statement and three more index pages per payment. A signature covers the body, and the
// body names the card, so a replay always meets its original under the same card lock; the
// signature of a request that produces an authorization is now kept, unique, on that row. The
// table stays for the requests that are answered without a new authorization (a retry given
// its stored answer, declines before a decision) and keeps the signatures seen before this
// migration, so no request signed just before a deploy can be replayed after it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("authorizations").addColumn("signature", "text").execute();
  await db.schema.createIndex("authorizations_signature_uq").on("authorizations").column("signature").unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("authorizations_signature_uq").execute();
  await db.schema.alterTable("authorizations").dropColumn("signature").execute();
}
