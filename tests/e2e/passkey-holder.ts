import type { Page } from "@playwright/test";
import { db } from "../../app/db.server";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { VirtualAuthenticator } from "./virtual-authenticator";

/**
 * Gives a (seeded) person a passkey that lives in the page's virtual authenticator, as if they
 * had enrolled on this device: one key, loaded into Chromium and registered in the database.
 * Call it after `signInAs`: here, a CDP session opened and closed after the authenticator was
 * added (as signInAs does) left every passkey request waiting for ever.
 */
export async function givePasskey(page: Page, userId: string, name = "This laptop") {
  const key = new SoftAuthenticator();
  const authenticator = await VirtualAuthenticator.attach(page);
  await authenticator.add({
    credentialId: Buffer.from(key.credentialId, "base64url").toString("base64"),
    isResidentCredential: true,
    rpId: "localhost",
    privateKey: key.privateKeyPkcs8(),
    userHandle: Buffer.from(userId).toString("base64"),
    signCount: 0,
  });
  await db()
    .insertInto("passkeys")
    .values({ id: key.credentialId, user_id: userId, public_key: key.cosePublicKey(), counter: 0, transports: '["internal"]', device_type: "singleDevice", backed_up: 0, aaguid: "00000000-0000-0000-0000-000000000000", name, created_at: new Date().toISOString(), last_used_at: null })
    .execute();
  return {
    authenticator,
    credentialId: key.credentialId,
    forget: async () => {
      await db().deleteFrom("passkeys").where("id", "=", key.credentialId).execute();
    },
  };
}
