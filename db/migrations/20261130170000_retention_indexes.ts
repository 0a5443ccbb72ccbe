import type { Kysely } from "kysely";

// The retention job (app/jobs/retention.server.ts) deletes by age; these let it find old rows
// without reading whole tables every ten minutes.
const INDEXES = [
  ["sessions_revoked_at_idx", "sessions", "revoked_at"],
  ["sessions_last_seen_at_idx", "sessions", "last_seen_at"],
  ["webauthn_challenges_expires_idx", "webauthn_challenges", "expires_at"],
  ["rate_limits_window_idx", "rate_limits", "window_start"],
  ["csp_reports_at_idx", "csp_reports", "at"],
  ["outbox_at_idx", "outbox", "at"],
  ["enrolment_codes_expires_idx", "enrolment_codes", "expires_at"],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, column] of INDEXES) await db.schema.createIndex(name).on(table).column(column).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
