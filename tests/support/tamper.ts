import type { Kysely } from "kysely";
import { down as removeGuard, up as restoreGuard } from "../../db/migrations/20261124140000_audit_append_only";
import type { Database } from "../../db/schema";

/**
 * Plays someone who can change the schema: lifts the append-only triggers, edits the audit
 * log, and puts them back, so tests can show the hash chain still catches the edit.
 */
export async function tamperWithAuditLog(db: Kysely<Database>, edit: (db: Kysely<Database>) => Promise<unknown>): Promise<void> {
  await removeGuard(db);
  try {
    await edit(db);
  } finally {
    await restoreGuard(db);
  }
}
