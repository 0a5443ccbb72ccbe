import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { DomainError, type DomainErrorCode } from "~/errors/domain-error";
import { appendAudit, recordAuditEvent } from "~/audit/audit-log.server";
import { nowIso } from "~/clock.server";
import { inWriteTransaction } from "~/db.server";
import { readContactDetails } from "~/users/users.server";
import type { ConfirmedChange } from "./change-confirmation.server";
import { consumeChallenge, storeChallenge } from "./challenges.server";
import { consumeEnrolmentCode } from "./enrolment-codes.server";
import { sendNotice } from "./outbox.server";
import { findPasskey, insertPasskey, passkeyRows, recordPasskeyUse, transportsOf } from "./passkeys.server";
import { CHALLENGE_TTL_MS, relyingParty } from "./webauthn-config.server";

export interface Actor {
  ip: string;
  userAgent: string;
}

export type CeremonyRefusal = "no_challenge" | "verification_failed" | "code_already_used" | "unknown_credential" | "counter_regressed" | "wrong_user";

const CEREMONY_CODES: Record<CeremonyRefusal, DomainErrorCode> = {
  no_challenge: "conflict",
  code_already_used: "conflict",
  verification_failed: "forbidden",
  unknown_credential: "forbidden",
  counter_regressed: "forbidden",
  wrong_user: "forbidden",
};

/** A passkey ceremony refused, in the one domain-error family; `reason` says which, the message says it in words. */
export class CeremonyError extends DomainError {
  constructor(
    readonly reason: CeremonyRefusal,
    message: string,
  ) {
    super(CEREMONY_CODES[reason], message, { reason });
    this.name = "CeremonyError";
  }
}

const userHandle = (userId: string) => new TextEncoder().encode(userId);

/**
 * What the browser's Signal API calls need to speak for this person: the RP ID, the user
 * handle their passkeys were made with (base64url) and the names registration gave them.
 */
export async function signalIdentity(user: { id: string; displayName: string }): Promise<{ rpId: string; userId: string; name: string; displayName: string }> {
  const contact = await readContactDetails(user.id);
  return { rpId: relyingParty().rpID, userId: Buffer.from(userHandle(user.id)).toString("base64url"), name: contact?.email ?? user.displayName, displayName: user.displayName };
}

/** `binding`: the signed-in session's id, or the pre-sign-in binding of an enrolling browser. */
/**
 * Options for adding a passkey to a signed-in account. The confirmation is used up here, where
 * the options are issued; the passkey itself is added (and audited) by the verify that follows.
 */
export async function addPasskeyOptions(sessionId: string, user: { id: string; displayName: string }, confirmed: ConfirmedChange): Promise<PublicKeyCredentialCreationOptionsJSON> {
  await inWriteTransaction((trx) => confirmed.record(trx));
  return registrationOptions(sessionId, user);
}

export async function registrationOptions(
  binding: string,
  user: { id: string; displayName: string },
  enrolmentCodeId?: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { rpID, rpName } = relyingParty();
  const existing = await passkeyRows(user.id);
  const contact = await readContactDetails(user.id);
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userID: userHandle(user.id),
    userName: contact?.email ?? user.displayName,
    userDisplayName: user.displayName,
    attestationType: "none",
    excludeCredentials: existing.map((row) => ({ id: row.id, transports: transportsOf(row) })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
    timeout: CHALLENGE_TTL_MS,
  });
  await storeChallenge(binding, "register", options.challenge, { userId: user.id, enrolmentCodeId });
  return options;
}

/** What every ceremony holds a response to: our challenge, our origins and RP ID, and user verification. */
function expected(challenge: string) {
  const { rpID, origins } = relyingParty();
  return { expectedChallenge: challenge, expectedOrigin: origins, expectedRPID: rpID, requireUserVerification: true };
}

/** Verifies a new passkey; when it came from an enrolment code, the code is used up in the same transaction. */
export async function completeRegistration(binding: string, response: RegistrationResponseJSON, actor: Actor): Promise<{ userId: string; passkeyId: string }> {
  const challenge = await consumeChallenge(binding, "register");
  if (!challenge?.user_id) throw new CeremonyError("no_challenge", "The request expired. Please start again.");
  let verification;
  try {
    verification = await verifyRegistrationResponse({ response, ...expected(challenge.challenge) });
  } catch (error) {
    await recordAuditEvent({ actorId: challenge.user_id, actorRole: null, action: "passkey.registration_failed", subjectType: "user", subjectId: challenge.user_id, details: { error: error instanceof Error ? error.message : "unknown" }, ...actor });
    throw new CeremonyError("verification_failed", "We couldn't verify that passkey.");
  }
  if (!verification.verified || !verification.registrationInfo) throw new CeremonyError("verification_failed", "We couldn't verify that passkey.");
  const info = verification.registrationInfo;
  const userId = challenge.user_id;
  const count = (await passkeyRows(userId)).length;
  await inWriteTransaction(async (trx) => {
    if (challenge.enrolment_code_id && !(await consumeEnrolmentCode(challenge.enrolment_code_id, trx))) {
      throw new CeremonyError("code_already_used", "That enrolment code has already been used or has expired.");
    }
    await insertPasskey(
      {
        id: info.credential.id,
        user_id: userId,
        public_key: Buffer.from(info.credential.publicKey).toString("base64url"),
        counter: info.credential.counter,
        transports: JSON.stringify(info.credential.transports ?? response.response.transports ?? []),
        device_type: info.credentialDeviceType,
        backed_up: info.credentialBackedUp ? 1 : 0,
        aaguid: info.aaguid,
        name: count === 0 ? "My first passkey" : `Passkey ${count + 1}`,
        created_at: nowIso(),
        last_used_at: null,
      },
      trx,
    );
    await appendAudit(
      {
        actorId: userId,
        actorRole: null,
        action: challenge.enrolment_code_id ? "passkey.enrolled" : "passkey.added",
        subjectType: "user",
        subjectId: userId,
        details: { passkey: info.credential.id.slice(0, 12), backedUp: info.credentialBackedUp },
        ...actor,
      },
      trx,
    );
    await sendNotice(userId, "A new passkey was added to your Strongroom account", "If this wasn't you, call the number on the back of your card now.", trx);
  });
  return { userId, passkeyId: info.credential.id };
}

/** Sign-in is usernameless (discoverable credentials): any registered passkey may answer. */
export async function authenticationOptions(binding: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { rpID } = relyingParty();
  const options = await generateAuthenticationOptions({ rpID, userVerification: "required", allowCredentials: [], timeout: CHALLENGE_TTL_MS });
  await storeChallenge(binding, "authenticate", options.challenge);
  return options;
}

/** Checks a sign-in assertion against the challenge of this binding; returns whose passkey it was. */
export async function completeAuthentication(binding: string, response: AuthenticationResponseJSON, actor: Actor): Promise<{ userId: string; passkeyId: string }> {
  const challenge = await consumeChallenge(binding, "authenticate");
  if (!challenge) throw new CeremonyError("no_challenge", "The request expired. Please try again.");
  return verifyPasskeyAssertion({ response, expectedChallenge: challenge.challenge, expectedUserId: challenge.user_id, actor });
}

/**
 * Verifies one assertion against a challenge the caller has already taken out of the
 * database (sign-in, or a change confirmation whose challenge is derived from the change):
 * known credential, the expected person's, origin, RP ID, user verification, signature and
 * counter. Records the use.
 */
export async function verifyPasskeyAssertion(input: {
  response: AuthenticationResponseJSON;
  expectedChallenge: string;
  expectedUserId: string | null;
  actor: Actor;
}): Promise<{ userId: string; passkeyId: string }> {
  const { response, actor } = input;
  const passkey = await findPasskey(response.id);
  if (!passkey) throw new CeremonyError("unknown_credential", "That passkey isn't registered with Strongroom.");
  if (input.expectedUserId && input.expectedUserId !== passkey.user_id) throw new CeremonyError("wrong_user", "That passkey belongs to someone else.");
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      ...expected(input.expectedChallenge),
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.public_key, "base64url")),
        counter: passkey.counter,
        transports: transportsOf(passkey),
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : "unknown";
    if (/counter/i.test(message)) {
      await recordAuditEvent({ actorId: passkey.user_id, actorRole: null, action: "passkey.counter_regressed", subjectType: "user", subjectId: passkey.user_id, details: { passkey: passkey.id.slice(0, 12), storedCounter: passkey.counter }, ...actor });
      throw new CeremonyError("counter_regressed", "That passkey looks like a copy and was refused.");
    }
    throw new CeremonyError("verification_failed", message);
  }
  if (!verification.verified) throw new CeremonyError("verification_failed", "not verified");
  await recordPasskeyUse(passkey.id, verification.authenticationInfo.newCounter, verification.authenticationInfo.credentialBackedUp);
  return { userId: passkey.user_id, passkeyId: passkey.id };
}
