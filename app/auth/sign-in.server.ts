import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { recordAuditEvent } from "~/audit/audit-log.server";
import { db } from "~/db.server";
import type { RequestContext } from "~/edge/request-context";
import { hitRateLimit, peekRateLimit, type RateLimitRule } from "~/rate-limit/rate-limit.server";
import { startSignedInSession, type CurrentSession } from "~/session/session.server";
import { deviceLabel } from "./devices.server";
import { sendNotice } from "./outbox.server";
import { CeremonyError, completeAuthentication } from "./passkey-ceremonies.server";
import { findPasskey } from "./passkeys.server";

export type SignInResult =
  | { ok: true; session: CurrentSession }
  | { ok: false; status: 400 | 429; message: string; /** the device offered a passkey we don't know (removed, or never ours): it may forget it */ unknownCredential?: true };

// One message for every failure: it must not tell an attacker which part was wrong.
const GENERIC_FAILURE = "We couldn't sign you in with that passkey. Please try again.";
const UNKNOWN_PASSKEY = "That passkey is no longer registered with Strongroom, so this device has been asked to forget it. Sign in with another passkey, or set up a new one with an enrolment code.";

/**
 * Sign-in is limited per client address and, as a load-shedding backstop, by failures across
 * all addresses — never per credential. A passkey signature cannot be guessed, so counting
 * failures against a credential id protects nothing, and anyone who learns the id (it is not
 * a secret) could spend the limit and lock its owner out. The global ceiling counts only
 * failures, so the real people signing in never use it up; tripping it takes a flood from
 * hundreds of addresses, each at its own limit.
 */
export const SIGN_IN_PER_ADDRESS: RateLimitRule = { limit: 30, windowMs: 10 * 60 * 1000 };
export const SIGN_IN_FAILURES_EVERYWHERE: RateLimitRule = { limit: 3_000, windowMs: 60 * 1000 };
const FAILURES_KEY = "sign-in:failures";

async function isNewDevice(userId: string, userAgent: string): Promise<boolean> {
  const label = deviceLabel(userAgent);
  const previous = await db().selectFrom("sessions").select("user_agent").where("user_id", "=", userId).limit(200).execute();
  return !previous.some((session) => deviceLabel(session.user_agent) === label);
}

export async function signInWithPasskey(
  request: Request,
  context: RequestContext,
  /** what the sign-in challenge was bound to (app/session/pre-sign-in.server.ts ceremonyBinding) */
  binding: string,
  response: AuthenticationResponseJSON,
): Promise<SignInResult> {
  const actor = { ip: context.ip, userAgent: context.userAgent };
  const perAddress = await hitRateLimit(`sign-in:ip:${context.ip}`, SIGN_IN_PER_ADDRESS);
  const everywhere = await peekRateLimit(FAILURES_KEY, SIGN_IN_FAILURES_EVERYWHERE);
  const known = await findPasskey(response.id);
  if (!perAddress.allowed || !everywhere.allowed) {
    await recordAuditEvent({ actorId: null, actorRole: null, action: "sign_in.rate_limited", subjectType: known ? "user" : null, subjectId: known?.user_id ?? null, ...actor });
    return { ok: false, status: 429, message: "Too many sign-in attempts. Please wait a few minutes and try again." };
  }
  try {
    const { userId } = await completeAuthentication(binding, response, actor);
    const newDevice = await isNewDevice(userId, context.userAgent);
    const signedIn = await startSignedInSession(request, context, userId, (user) => ({
      actorId: userId,
      actorRole: user?.roles[0] ?? null,
      action: "sign_in.succeeded",
      subjectType: "user",
      subjectId: userId,
      details: { device: deviceLabel(context.userAgent), newDevice },
      ...actor,
    }));
    if (newDevice) {
      await sendNotice(userId, "New sign-in to Strongroom", `Someone signed in to your account from ${deviceLabel(context.userAgent)}. If this wasn't you, sign out everywhere and call the number on the back of your card.`);
    }
    return { ok: true, session: signedIn };
  } catch (error) {
    const code = error instanceof CeremonyError ? error.reason : "verification_failed";
    await hitRateLimit(FAILURES_KEY, SIGN_IN_FAILURES_EVERYWHERE);
    await recordAuditEvent({
      actorId: null,
      actorRole: null,
      action: "sign_in.failed",
      subjectType: known ? "user" : null,
      subjectId: known?.user_id ?? null,
      details: { reason: code },
      ...actor,
    });
    // Telling the browser its own credential is unknown gives nothing away (it sent the id),
    // and lets the Signal API stop it offering a passkey that can never work.
    if (code === "unknown_credential") return { ok: false, status: 400, message: UNKNOWN_PASSKEY, unknownCredential: true };
    return { ok: false, status: 400, message: GENERIC_FAILURE };
  }
}
