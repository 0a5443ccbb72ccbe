import { now } from "~/clock.server";
import type { Db } from "~/db.server";
import { SIGNATURE_WINDOW_MS } from "./network-signature.server";

let lastPrunedAt = 0;

/**
 * A request that produces an authorization keeps its signature on that row. One answered
 * without a new authorization (a retry given its stored answer, a decline before any
 * decision) records it here instead, so the same bytes sent again, even under another
 * Idempotency-Key, are refused. Runs inside the request's transaction: a request that
 * fails leaves no mark. Returns false when the signature was already recorded.
 */
export async function recordSignatureWithoutAuthorization(trx: Db, signature: string): Promise<boolean> {
  const at = now();
  // Housekeeping, not protection: an expired row can no longer match a valid timestamp.
  if (at.getTime() - lastPrunedAt > 60_000) {
    lastPrunedAt = at.getTime();
    await trx.deleteFrom("api_request_signatures").where("received_at", "<", new Date(at.getTime() - 2 * SIGNATURE_WINDOW_MS).toISOString()).execute();
  }
  const inserted = await trx
    .insertInto("api_request_signatures")
    .values({ signature, received_at: at.toISOString() })
    .onConflict((oc) => oc.column("signature").doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
}
