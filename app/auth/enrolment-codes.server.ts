import crypto from "node:crypto";
import { appendAudit, type AuditEvent } from "~/audit/audit-log.server";
import { now } from "~/clock.server";
import { safeEqual, sha256Hex } from "~/crypto/tokens.server";
import { db, type Db } from "~/db.server";
import { hitRateLimit } from "~/rate-limit/rate-limit.server";
import { findUserIdByEmail } from "~/users/users.server";
import { sendNotice } from "./outbox.server";

export const ENROLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_FAILED_ATTEMPTS = 5;
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
 * whether the person exists); guessing is limited per IP, and a person's codes stop
 * working after five wrong tries.
 */
export async function checkEnrolmentCode(email: string, code: string, actor: Pick<AuditEvent, "ip" | "userAgent">): Promise<CodeCheck> {
  const limit = await hitRateLimit(`enrol:ip:${actor.ip ?? "unknown"}`, { limit: 10, windowMs: 15 * 60 * 1000 });
  if (!limit.allowed) {
    await appendAudit({ actorId: null, actorRole: null, action: "enrolment.rate_limited", ...actor });
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
        .where("failed_attempts", "<", MAX_FAILED_ATTEMPTS)
        .execute()
    : [];
  const hash = sha256Hex(normaliseCode(code));
  const match = candidates.find((candidate) => safeEqual(candidate.code_hash, hash));
  if (userId && match) return { ok: true, userId, codeId: match.id };
  if (userId && candidates.length > 0) {
    await db()
      .updateTable("enrolment_codes")
      .set((eb) => ({ failed_attempts: eb("failed_attempts", "+", 1) }))
      .where("id", "in", candidates.map((candidate) => candidate.id))
      .execute();
  }
  await appendAudit({
    actorId: null,
    actorRole: null,
    action: "enrolment.failed",
    subjectType: userId ? "user" : null,
    subjectId: userId,
    details: { reason: userId ? (candidates.length ? "wrong code" : "no active code") : "unknown email" },
    ...actor,
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
