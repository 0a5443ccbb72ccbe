import type { Kysely } from "kysely";

// Money columns are bigint minor units; every amount carries its currency beside it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("accounts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("customer_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("balance_minor", "bigint", (c) => c.notNull())
    .addColumn("available_minor", "bigint", (c) => c.notNull())
    .addColumn("credit_limit_minor", "bigint")
    .addColumn("number_last4", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("accounts_customer_idx").on("accounts").column("customer_id").execute();

  await db.schema
    .createTable("cards")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("customer_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // the network's token for the card; the card number itself is never stored
    .addColumn("token", "text", (c) => c.notNull().unique())
    .addColumn("last4", "text", (c) => c.notNull())
    .addColumn("brand", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("expiry_month", "integer", (c) => c.notNull())
    .addColumn("expiry_year", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    // current controls: one JSON document validated by app/controls (never partial columns)
    .addColumn("settings", "text", (c) => c.notNull())
    // risk profile kept up to date by the engine: typical payment, countries seen, online use
    .addColumn("usual_amount_minor", "bigint")
    .addColumn("history_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("known_countries", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("has_used_online", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("cards_customer_idx").on("cards").column("customer_id").execute();

  await db.schema
    .createTable("transactions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("card_id", "text", (c) => c.references("cards.id").onDelete("set null"))
    .addColumn("posted_at", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("merchant_name", "text")
    .addColumn("mcc", "text")
    .addColumn("country", "text")
    .addColumn("channel", "text")
    // signed: money out is negative
    .addColumn("amount_minor", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("original_amount_minor", "bigint")
    .addColumn("original_currency", "text")
    .execute();
  await db.schema.createIndex("transactions_account_idx").on("transactions").columns(["account_id", "posted_at"]).execute();

  await db.schema
    .createTable("authorizations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("card_id", "text", (c) => c.notNull().references("cards.id").onDelete("cascade"))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("client_id", "text", (c) => c.notNull())
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("amount_minor", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("original_amount_minor", "bigint", (c) => c.notNull())
    .addColumn("original_currency", "text", (c) => c.notNull())
    .addColumn("merchant_name", "text", (c) => c.notNull())
    .addColumn("merchant_id", "text", (c) => c.notNull())
    .addColumn("mcc", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("risk_score", "integer", (c) => c.notNull())
    .addColumn("risk_level", "text", (c) => c.notNull())
    .addColumn("risk_signals", "text", (c) => c.notNull())
    .addColumn("flagged", "integer", (c) => c.notNull())
    .addColumn("customer_response", "text")
    .addColumn("responded_at", "text")
    .addUniqueConstraint("authorizations_idempotency_uq", ["client_id", "idempotency_key"])
    .execute();
  await db.schema.createIndex("authorizations_card_time_idx").on("authorizations").columns(["card_id", "created_at"]).execute();

  // Loosening waits: a change requested now that takes effect at effective_at (or sooner on approval).
  await db.schema
    .createTable("control_changes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("card_id", "text", (c) => c.notNull().references("cards.id").onDelete("cascade"))
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    // field-level patch, so a change that matures later never undoes a tightening made since
    .addColumn("patch", "text", (c) => c.notNull())
    .addColumn("requested_at", "text", (c) => c.notNull())
    .addColumn("effective_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("approval_id", "text")
    .execute();
  await db.schema.createIndex("control_changes_card_idx").on("control_changes").columns(["card_id", "status", "effective_at"]).execute();

  await db.schema
    .createTable("trips")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("card_id", "text", (c) => c.notNull().references("cards.id").onDelete("cascade"))
    .addColumn("countries", "text", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("cancelled_at", "text")
    .execute();
  await db.schema.createIndex("trips_card_idx").on("trips").columns(["card_id", "ends_at"]).execute();

  await db.schema
    .createTable("risk_allowances")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("card_id", "text", (c) => c.notNull().references("cards.id").onDelete("cascade"))
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("merchant_id", "text")
    .addColumn("until", "text", (c) => c.notNull())
    .addColumn("authorization_id", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("risk_allowances_card_idx").on("risk_allowances").columns(["card_id", "until"]).execute();

  await db.schema
    .createTable("review_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("card_id", "text", (c) => c.notNull().references("cards.id").onDelete("cascade"))
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("authorization_id", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("opened_at", "text", (c) => c.notNull())
    .addColumn("resolved_at", "text")
    .addColumn("resolved_by", "text")
    .addColumn("note", "text")
    .execute();
  await db.schema.createIndex("review_items_status_idx").on("review_items").columns(["status", "opened_at"]).execute();

  // Signed API requests already seen, so an exact replay inside the time window is refused.
  await db.schema
    .createTable("api_request_signatures")
    .addColumn("signature", "text", (c) => c.primaryKey())
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("api_request_signatures_time_idx").on("api_request_signatures").column("received_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["api_request_signatures", "review_items", "risk_allowances", "trips", "control_changes", "authorizations", "transactions", "cards", "accounts"]) {
    await db.schema.dropTable(table).execute();
  }
}
