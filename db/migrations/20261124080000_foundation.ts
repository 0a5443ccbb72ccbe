import { sql, type Kysely } from "kysely";

// Frozen in time: migrations never import app code, and use only column types that
// mean the same on SQLite and PostgreSQL (text, integer, bigint).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("email_enc", "text", (c) => c.notNull())
    .addColumn("email_bidx", "text", (c) => c.notNull().unique())
    .addColumn("phone_enc", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("user_roles")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("user_roles_pk", ["user_id", "role"])
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("step_up_at", "text")
    .addColumn("revoked_at", "text")
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("user_agent", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").columns(["user_id", "revoked_at"]).execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("seq", "bigint", (c) => c.primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("actor_role", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_type", "text")
    .addColumn("subject_id", "text")
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .addColumn("details", "text", (c) => c.notNull())
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex("audit_log_subject_idx").on("audit_log").columns(["subject_type", "subject_id", "seq"]).execute();
  await db.schema.createIndex("audit_log_actor_idx").on("audit_log").columns(["actor_id", "seq"]).execute();

  await db.schema
    .createTable("rate_limits")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("window_start", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("approvals")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("subject_type", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("proposed_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("proposed_at", "text", (c) => c.notNull())
    .addColumn("decided_by", "text", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("decision_comment", "text")
    // Maker–checker in the schema too: no code path can approve its own proposal.
    .addCheckConstraint("approvals_four_eyes", sql`decided_by is null or decided_by <> proposed_by`)
    .execute();
  await db.schema.createIndex("approvals_status_idx").on("approvals").columns(["status", "proposed_at"]).execute();

  await db.schema
    .createTable("csp_reports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("document_uri", "text", (c) => c.notNull())
    .addColumn("violated_directive", "text", (c) => c.notNull())
    .addColumn("blocked_uri", "text", (c) => c.notNull())
    .addColumn("sample", "text", (c) => c.notNull())
    .addColumn("user_agent", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["csp_reports", "approvals", "rate_limits", "audit_log", "sessions", "user_roles", "users"]) {
    await db.schema.dropTable(table).execute();
  }
}
