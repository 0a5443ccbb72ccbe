import type { Kysely } from "kysely";
import { down as removeGuard, up as restoreGuard } from "../../db/migrations/20261124140000_audit_append_only";
import { liftSealGuards, restoreSealGuards } from "../../db/migrations/20261130160000_audit_merkle";
import type { Database } from "../../db/schema";

/**
 * Plays someone who can change the schema: lifts the append-only triggers on the audit log and
 * on the sealed tree, edits, and puts them back, so tests can show the signed checkpoints still
 * catch the edit.
 */
export async function tamperWithAuditLog(db: Kysely<Database>, edit: (db: Kysely<Database>) => Promise<unknown>): Promise<void> {
  await removeGuard(db);
  await liftSealGuards(db);
  try {
    await edit(db);
  } finally {
    await restoreSealGuards(db);
    await restoreGuard(db);
  }
}
