import { now } from "~/clock.server";
import { db } from "~/db.server";
import { SIGNATURE_WINDOW_MS } from "./network-signature.server";

/**
 * Remembers each signature for the signing window, so the exact same signed request is
 * accepted once. (A network retry signs again with a new timestamp and relies on the
 * Idempotency-Key for the same answer.) Returns false for a replay.
 */
export async function firstSightOfSignature(signature: string): Promise<boolean> {
  const at = now();
  await db()
    .deleteFrom("api_request_signatures")
    .where("received_at", "<", new Date(at.getTime() - 2 * SIGNATURE_WINDOW_MS).toISOString())
    .execute();
  const inserted = await db()
    .insertInto("api_request_signatures")
    .values({ signature, received_at: at.toISOString() })
    .onConflict((oc) => oc.column("signature").doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
}
