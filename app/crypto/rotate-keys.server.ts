import { db } from "~/db.server";
import { EMAIL_PURPOSE, PHONE_PURPOSE } from "~/users/users.server";
import { decryptField, encryptField, needsReencryption } from "./field-encryption.server";

function rewrap(envelope: string, purpose: string): string {
  return needsReencryption(envelope) ? encryptField(decryptField(envelope, purpose), purpose) : envelope;
}

/**
 * Re-encrypts every PII value that is not under the newest key, one row at a time so a
 * large table never sits in one long transaction; safe to re-run after an interruption.
 */
export async function reencryptUnderNewestKey(): Promise<{ rewritten: number; scanned: number }> {
  let rewritten = 0;
  let scanned = 0;
  const rows = await db().selectFrom("users").select(["id", "email_enc", "phone_enc"]).execute();
  for (const row of rows) {
    scanned += 1;
    const email = rewrap(row.email_enc, EMAIL_PURPOSE);
    const phone = row.phone_enc ? rewrap(row.phone_enc, PHONE_PURPOSE) : null;
    if (email !== row.email_enc || phone !== row.phone_enc) {
      // Only replace the value we read: a concurrent change wins over the rotation.
      await db()
        .updateTable("users")
        .set({ email_enc: email, phone_enc: phone })
        .where("id", "=", row.id)
        .where("email_enc", "=", row.email_enc)
        .execute();
      rewritten += 1;
    }
  }
  return { rewritten, scanned };
}
