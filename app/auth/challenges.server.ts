import crypto from "node:crypto";
import type { WebauthnChallengesTable } from "../../db/schema";
import { now } from "~/clock.server";
import { db } from "~/db.server";
import { CHALLENGE_TTL_MS } from "./webauthn-config.server";

type Purpose = WebauthnChallengesTable["purpose"];

export async function storeChallenge(
  sessionId: string,
  purpose: Purpose,
  challenge: string,
  extras: { userId?: string; enrolmentCodeId?: string } = {},
): Promise<void> {
  // One outstanding challenge per session and purpose: a new one replaces the old.
  await db().deleteFrom("webauthn_challenges").where("session_id", "=", sessionId).where("purpose", "=", purpose).execute();
  await db()
    .insertInto("webauthn_challenges")
    .values({
      id: crypto.randomUUID(),
      session_id: sessionId,
      purpose,
      challenge,
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
export async function consumeChallenge(sessionId: string, purpose: Purpose) {
  const row = await db()
    .selectFrom("webauthn_challenges")
    .selectAll()
    .where("session_id", "=", sessionId)
    .where("purpose", "=", purpose)
    .executeTakeFirst();
  if (!row) return null;
  const deleted = await db().deleteFrom("webauthn_challenges").where("id", "=", row.id).executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1) return null;
  return row.expires_at > now().toISOString() ? row : null;
}
