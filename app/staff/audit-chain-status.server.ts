import { auditVerificationKeys } from "~/audit/audit-keys.server";
import { verifyAuditLog } from "~/audit/audit-verify.server";
import { now } from "~/clock.server";
import { db } from "~/db.server";

export interface ChainStatus {
  ok: boolean;
  checked: number;
  /** in words, for the audit page */
  words: string;
}

/**
 * The audit log's verification status, in the one shape the audit view reads: the Merkle tree
 * rebuilt from the entries and every signed checkpoint checked (app/audit/audit-verify.server.ts).
 * The witness file lives outside the app; `npm run audit:verify -- --witness` checks that too.
 * When the verifier changes, only this function follows it.
 */
export async function auditChainStatus(): Promise<ChainStatus> {
  const verdict = await verifyAuditLog(db(), { publicKeys: auditVerificationKeys(), now: now() });
  const waiting = verdict.unsealed.count > 0 ? ` ${verdict.unsealed.count} older entries are not sealed yet: is the sequencer running?` : "";
  if (verdict.ok) {
    return { ok: verdict.unsealed.count === 0, checked: verdict.sealed, words: `Verified: ${verdict.sealed} sealed entries match ${verdict.checkpoints} signed checkpoints.${waiting}` };
  }
  return { ok: false, checked: verdict.sealed, words: `Verification failed: ${verdict.failure}.${waiting}` };
}
