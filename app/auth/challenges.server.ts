import crypto from "node:crypto";
import type { WebauthnChallengesTable } from "../../db/schema";
import { now } from "~/clock.server";
import { db } from "~/db.server";
import { CHALLENGE_TTL_MS } from "./webauthn-config.server";

type Purpose = WebauthnChallengesTable["purpose"];

/**
 * `binding` says whose challenge it is: a signed-in session's id, or the pre-sign-in binding
 * of a browser that has not signed in yet (app/session/pre-sign-in.server.ts).
 */
export async function storeChallenge(
  binding: string,
  purpose: Purpose,
  challenge: string,
  extras: { userId?: string; enrolmentCodeId?: string; nonce?: string } = {},
): Promise<void> {
  // One outstanding challenge per binding and purpose: a new one replaces the old.
  await db().deleteFrom("webauthn_challenges").where("binding", "=", binding).where("purpose", "=", purpose).execute();
  await db()
    .insertInto("webauthn_challenges")
    .values({
      id: crypto.randomUUID(),
      binding,
      purpose,
      challenge,
      nonce: extras.nonce ?? null,
      user_id: extras.userId ?? null,
      enrolment_code_id: extras.enrolmentCodeId ?? null,
      expires_at: new Date(now().getTime() + CHALLENGE_TTL_MS).toISOString(),
    })
    .execute();
}

/**
 * Takes the challenge out of the database before it is checked, so it can be used
 * at most once even if the same response is replayed concurrently.
 */
export async function consumeChallenge(binding: string, purpose: Purpose) {
  const row = await db()
    .selectFrom("webauthn_challenges")
    .selectAll()
    .where("binding", "=", binding)
    .where("purpose", "=", purpose)
    .executeTakeFirst();
  if (!row) return null;
  const deleted = await db().deleteFrom("webauthn_challenges").where("id", "=", row.id).executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1) return null;
  return row.expires_at > now().toISOString() ? row : null;
}
