import { now } from "~/clock.server";
import type { Db } from "~/db.server";
import { SIGNATURE_WINDOW_MS } from "./network-signature.server";

let lastPrunedAt = 0;

/**
 * Remembers each signature for twice the signing window, so the exact same signed request
 * is accepted once. (A network retry signs again with a new timestamp and relies on the
 * Idempotency-Key for the same answer.) Runs inside the decision's transaction, so a
 * request that fails leaves no mark. Returns false for a replay.
 */
export async function recordFirstSightOfSignature(trx: Db, signature: string): Promise<boolean> {
  const at = now();
  // Housekeeping, not protection: expired rows can no longer match a valid timestamp anyway.
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
