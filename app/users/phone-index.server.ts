import { decryptField } from "~/crypto/field-encryption.server";
import { db } from "~/db.server";
import { PHONE_PURPOSE, phoneIndex } from "./users.server";

/**
 * Fills users.phone_bidx for rows written before the column existed. The migration cannot do
 * it: the data keys and the blind-index key live in the app's environment, never in migrations.
 * Idempotent and row by row, so it is safe at every start and after an interruption.
 */
export async function backfillPhoneIndex(): Promise<number> {
  const rows = await db().selectFrom("users").select(["id", "phone_enc"]).where("phone_enc", "is not", null).where("phone_bidx", "is", null).execute();
  let filled = 0;
  for (const row of rows) {
    const index = phoneIndex(decryptField(row.phone_enc as string, PHONE_PURPOSE));
    if (!index) continue;
    // Only the value we read: a phone changed meanwhile keeps the index written with it.
    const result = await db().updateTable("users").set({ phone_bidx: index }).where("id", "=", row.id).where("phone_enc", "=", row.phone_enc).where("phone_bidx", "is", null).executeTakeFirst();
    filled += Number(result.numUpdatedRows);
  }
  return filled;
}
