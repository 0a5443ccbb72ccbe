import type { Kysely } from "kysely";

// An approved authorization is a hold: it lowers "available" at once and is settled later by
// a posted transaction. Recording which transaction settled it is what lets the account page
// list the holds still pending (approved, transaction_id null) without listing a payment
// twice, and lets the card page count posted card payments from the same rows the decision
// engine sums. The index serves the account page's "pending" query.
// rule_limit_minor keeps the block or limit a decline was measured against, as it was then,
// so "your online amount block is £20.00 and this payment was £30.00" stays true after the
// customer changes the block.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("authorizations").addColumn("transaction_id", "text").execute();
  await db.schema.alterTable("authorizations").addColumn("rule_limit_minor", "bigint").execute();
  await db.schema.createIndex("authorizations_account_pending_idx").on("authorizations").columns(["account_id", "outcome", "transaction_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("authorizations_account_pending_idx").execute();
  await db.schema.alterTable("authorizations").dropColumn("rule_limit_minor").execute();
  await db.schema.alterTable("authorizations").dropColumn("transaction_id").execute();
}
