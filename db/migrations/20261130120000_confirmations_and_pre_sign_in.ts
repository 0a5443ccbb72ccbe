import type { Kysely } from "kysely";

// Frozen in time: never imports app code. Runs the same on SQLite and PostgreSQL.
//
// 1. WebAuthn challenges were tied to a session row by a foreign key, so the sign-in and
//    enrolment pages created an anonymous session on every view just to hold them. They are
//    now bound to an opaque `binding`: a signed-in session's id, or a hash of the browser's
//    pre-sign-in cookie. A `nonce` column holds the server secret from which a change
//    confirmation's challenge is derived. Challenges live five minutes, so the table is
//    rebuilt rather than altered (SQLite cannot drop a foreign key in place).
// 2. `sessions.step_up_at` held the five-minute "any action" window that change
//    confirmations replace.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("webauthn_challenges").execute();
  await db.schema
    .createTable("webauthn_challenges")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("binding", "text", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("challenge", "text", (c) => c.notNull())
    .addColumn("nonce", "text")
    .addColumn("user_id", "text")
    .addColumn("enrolment_code_id", "text")
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webauthn_challenges_binding_idx").on("webauthn_challenges").columns(["binding", "purpose"]).execute();
  await db.schema.alterTable("sessions").dropColumn("step_up_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("sessions").addColumn("step_up_at", "text").execute();
  await db.schema.dropTable("webauthn_challenges").execute();
  await db.schema
    .createTable("webauthn_challenges")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("session_id", "text", (c) => c.notNull().references("sessions.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("challenge", "text", (c) => c.notNull())
    .addColumn("user_id", "text")
    .addColumn("enrolment_code_id", "text")
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webauthn_challenges_session_idx").on("webauthn_challenges").columns(["session_id", "purpose"]).execute();
}
