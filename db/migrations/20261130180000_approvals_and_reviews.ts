import type { Kysely } from "kysely";

// Frozen in time: never imports app code. Runs the same on SQLite and PostgreSQL.
//
// 1. Maker–checker proposals expire (24 h for staff proposals; a customer's loosening at the
//    moment it would take effect on its own anyway), name the customer they concern so the
//    customer page can list them, and carry the before/after a decider reads.
// 2. Review items can be assigned to one staff member and say how they were resolved, so the
//    customer's card page can tell them the outcome of the case their "not me" opened.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("approvals").addColumn("expires_at", "text").execute();
  await db.schema.alterTable("approvals").addColumn("customer_id", "text").execute();
  await db.schema.alterTable("approvals").addColumn("before_words", "text").execute();
  await db.schema.alterTable("approvals").addColumn("after_words", "text").execute();
  const loosening = await db.selectFrom("approvals").select(["id", "payload", "subject_id"]).where("kind", "=", "controls.loosen").execute();
  for (const row of loosening as { id: string; payload: string; subject_id: string }[]) {
    let effectiveAt: string | null = null;
    try {
      const parsed = JSON.parse(row.payload) as { effectiveAt?: unknown };
      effectiveAt = typeof parsed.effectiveAt === "string" ? parsed.effectiveAt : null;
    } catch {
      effectiveAt = null;
    }
    const card = (await db.selectFrom("cards").select("customer_id").where("id", "=", row.subject_id).executeTakeFirst()) as { customer_id: string } | undefined;
    await db.updateTable("approvals").set({ expires_at: effectiveAt, customer_id: card?.customer_id ?? null }).where("id", "=", row.id).execute();
  }
  await db.schema.createIndex("approvals_customer_idx").on("approvals").columns(["customer_id", "status"]).execute();

  await db.schema.alterTable("review_items").addColumn("assigned_to", "text").execute();
  await db.schema.alterTable("review_items").addColumn("assigned_at", "text").execute();
  await db.schema.alterTable("review_items").addColumn("resolution", "text").execute();
  await db.schema.createIndex("review_items_card_idx").on("review_items").columns(["card_id", "opened_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("review_items_card_idx").execute();
  await db.schema.alterTable("review_items").dropColumn("resolution").execute();
  await db.schema.alterTable("review_items").dropColumn("assigned_at").execute();
  await db.schema.alterTable("review_items").dropColumn("assigned_to").execute();
  await db.schema.dropIndex("approvals_customer_idx").execute();
  await db.schema.alterTable("approvals").dropColumn("after_words").execute();
  await db.schema.alterTable("approvals").dropColumn("before_words").execute();
  await db.schema.alterTable("approvals").dropColumn("customer_id").execute();
  await db.schema.alterTable("approvals").dropColumn("expires_at").execute();
}
