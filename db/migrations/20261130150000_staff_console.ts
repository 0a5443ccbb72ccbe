import crypto from "node:crypto";
import type { Kysely } from "kysely";

// Frozen in time: this copy of the name normalisation must not follow later changes to
// app/users/search-keys.ts, or re-running the migration would store different keys.
function foldName(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

function newCustomerNumber(): string {
  return String(crypto.randomInt(10_000_000, 100_000_000));
}

/**
 * The staff console looks people up by name prefix (case- and accent-folded, stored in clear
 * like display_name), by phone through a blind index (filled by the app, which holds the keys:
 * app/users/phone-index.server.ts), and by a customer number; and it records verified calls.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("name_search", "text").execute();
  await db.schema.alterTable("users").addColumn("phone_bidx", "text").execute();
  await db.schema.alterTable("users").addColumn("customer_number", "text").execute();

  const users = await db.selectFrom("users").select(["id", "display_name"]).execute();
  const taken = new Set<string>();
  for (const user of users as { id: string; display_name: string }[]) {
    let number = newCustomerNumber();
    while (taken.has(number)) number = newCustomerNumber();
    taken.add(number);
    await db.updateTable("users").set({ name_search: foldName(user.display_name), customer_number: number }).where("id", "=", user.id).execute();
  }

  await db.schema.createIndex("users_name_search_idx").on("users").column("name_search").execute();
  await db.schema.createIndex("users_phone_bidx_idx").on("users").column("phone_bidx").execute();
  await db.schema.createIndex("users_customer_number_idx").on("users").column("customer_number").unique().execute();
  await db.schema.createIndex("cards_last4_idx").on("cards").column("last4").execute();

  await db.schema
    .createTable("staff_calls")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("customer_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("staff_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("ended_at", "text")
    .addColumn("ended_by", "text", (c) => c.references("users.id"))
    .execute();
  // The root loader asks "is anyone on a call with me now?" on every customer page.
  await db.schema.createIndex("staff_calls_customer_idx").on("staff_calls").columns(["customer_id", "ended_at", "expires_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("staff_calls").execute();
  await db.schema.dropIndex("cards_last4_idx").execute();
  await db.schema.dropIndex("users_customer_number_idx").execute();
  await db.schema.dropIndex("users_phone_bidx_idx").execute();
  await db.schema.dropIndex("users_name_search_idx").execute();
  await db.schema.alterTable("users").dropColumn("customer_number").execute();
  await db.schema.alterTable("users").dropColumn("phone_bidx").execute();
  await db.schema.alterTable("users").dropColumn("name_search").execute();
}
