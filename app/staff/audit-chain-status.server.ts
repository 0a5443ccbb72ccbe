import { verifyAuditChain } from "~/audit/audit-log.server";
import { db } from "~/db.server";

export interface ChainStatus {
  ok: boolean;
  checked: number;
  /** in words, for the audit page */
  words: string;
}

/**
 * The audit chain's verification status, in the one shape the audit view reads. The ledger is
 * being rebuilt (sequencer, signed checkpoints, witness): when it lands, only this function
 * changes to call the new verifier.
 */
export async function auditChainStatus(): Promise<ChainStatus> {
  const verdict = await verifyAuditChain(db());
  if (verdict.ok) return { ok: true, checked: verdict.checked, words: `Verified: all ${verdict.checked} entries link up and none was altered.` };
  return { ok: false, checked: verdict.checked, words: `Verification failed at entry ${verdict.brokenAt}: ${verdict.reason}.` };
}
