import crypto from "node:crypto";
import { appendAudit, recordAuditEvent, type AuditEvent } from "~/audit/audit-log.server";
import { now } from "~/clock.server";
import { safeEqual, sha256Hex } from "~/crypto/tokens.server";
import { db, inWriteTransaction, type Db } from "~/db.server";
import { hitRateLimit, type RateLimitRule } from "~/rate-limit/rate-limit.server";
import { findUserIdByEmail } from "~/users/users.server";
import { sendNotice } from "./outbox.server";

export const ENROLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A code is 60 random bits (12 symbols of 32), so the per-address limit alone makes guessing
 * hopeless. Wrong guesses must not void a person's real code — anyone who knows an email
 * could otherwise lock its owner out — so the per-code ceiling is only a backstop against a
 * guesser with a botnet: at ~960 guesses per address a day it takes a hundred addresses
 * guessing all day to reach it (odds of a hit on the way: about 1 in 10^13), and when it
 * trips the person is told.
 */
export const CODE_GUESS_CEILING = 100_000;
export const ENROLMENT_PER_ADDRESS: RateLimitRule = { limit: 10, windowMs: 15 * 60 * 1000 };
// Crockford base32 without I, L, O, U: nothing to misread when typing a code from a letter.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH = 12;

export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

function formatCode(raw: string): string {
  return raw.match(/.{1,4}/g)?.join("-") ?? raw;
}

function generateCode(): string {
  let code = "";
  for (const byte of crypto.randomBytes(CODE_LENGTH)) code += ALPHABET[byte % 32];
  return code;
}

/**
 * A one-time code for a first passkey or for recovery, valid 24 h. Only its hash is
 * stored; the clear code goes out once, through the outbox, and back to the caller.
 */
export async function issueEnrolmentCode(userId: string, issuedBy: string | null, trx: Db = db()): Promise<string> {
  const raw = generateCode();
  const at = now();
  await trx
    .insertInto("enrolment_codes")
    .values({
      id: crypto.randomUUID(),
      user_id: userId,
      code_hash: sha256Hex(raw),
      created_at: at.toISOString(),
      expires_at: new Date(at.getTime() + ENROLMENT_CODE_TTL_MS).toISOString(),
      used_at: null,
      failed_attempts: 0,
      created_by: issuedBy,
    })
    .execute();
  const code = formatCode(raw);
  await sendNotice(
    userId,
    "Your Strongroom passkey enrolment code",
    `Your one-time enrolment code is ${code}. It works once, for 24 hours. Strongroom staff will never ask you to read it out.`,
    trx,
  );
  return code;
}

export type CodeCheck = { ok: true; userId: string; codeId: string } | { ok: false; reason: "rate_limited" | "invalid"; retryAfterSeconds?: number };

/**
 * Checks an email + code pair. Every failure looks the same to the caller (no hint
 * whether the person exists); guessing is limited per client address, and a person's codes
 * stop working only at the backstop ceiling above.
 */
export async function checkEnrolmentCode(email: string, code: string, actor: Pick<AuditEvent, "ip" | "userAgent">): Promise<CodeCheck> {
  const limit = await hitRateLimit(`enrol:ip:${actor.ip ?? "unknown"}`, ENROLMENT_PER_ADDRESS);
  if (!limit.allowed) {
    await recordAuditEvent({ actorId: null, actorRole: null, action: "enrolment.rate_limited", ...actor });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
  }
  const userId = await findUserIdByEmail(email);
  const at = now().toISOString();
  const candidates = userId
    ? await db()
        .selectFrom("enrolment_codes")
        .select(["id", "code_hash"])
        .where("user_id", "=", userId)
        .where("used_at", "is", null)
        .where("expires_at", ">", at)
        .where("failed_attempts", "<", CODE_GUESS_CEILING)
        .execute()
    : [];
  const hash = sha256Hex(normaliseCode(code));
  const match = candidates.find((candidate) => safeEqual(candidate.code_hash, hash));
  if (userId && match) return { ok: true, userId, codeId: match.id };
  const failure: AuditEvent = {
    actorId: null,
    actorRole: null,
    action: "enrolment.failed",
    subjectType: userId ? "user" : null,
    subjectId: userId,
    details: { reason: userId ? (candidates.length ? "wrong code" : "no active code") : "unknown email" },
    ...actor,
  };
  if (!userId || candidates.length === 0) {
    await recordAuditEvent(failure);
    return { ok: false, reason: "invalid" };
  }
  await inWriteTransaction(async (trx) => {
    const counted = await trx
      .updateTable("enrolment_codes")
      .set((eb) => ({ failed_attempts: eb("failed_attempts", "+", 1) }))
      .where("id", "in", candidates.map((candidate) => candidate.id))
      .where("failed_attempts", "<", CODE_GUESS_CEILING)
      .returning(["id", "failed_attempts"])
      .execute();
    await appendAudit(failure, trx);
    // Each increment returns its own count, so exactly one request sees a code reach the ceiling.
    const voided = counted.filter((row) => row.failed_attempts === CODE_GUESS_CEILING);
    if (voided.length === 0) return;
    await appendAudit({ actorId: null, actorRole: null, action: "enrolment.code_voided", subjectType: "user", subjectId: userId, details: { codes: voided.length, wrongGuesses: CODE_GUESS_CEILING }, ...actor }, trx);
    await sendNotice(
      userId,
      "We stopped your Strongroom enrolment code",
      "Someone entered a very large number of wrong enrolment codes for your email address, so we stopped your current code to keep your account safe. Nobody signed in with it. Ask us for a new code; if you didn't ask for one recently, call the number on the back of your card.",
      trx,
    );
  });
  return { ok: false, reason: "invalid" };
}

/** Marks the code used; false when another request used it first (single use under races). */
export async function consumeEnrolmentCode(codeId: string, trx: Db): Promise<boolean> {
  const result = await trx
    .updateTable("enrolment_codes")
    .set({ used_at: now().toISOString() })
    .where("id", "=", codeId)
    .where("used_at", "is", null)
    .where("expires_at", ">", now().toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
