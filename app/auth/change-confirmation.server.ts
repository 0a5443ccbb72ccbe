import crypto from "node:crypto";
import { generateAuthenticationOptions, type AuthenticationResponseJSON } from "@simplewebauthn/server";
import { appendAudit, recordAuditEvent } from "~/audit/audit-log.server";
import { safeEqual } from "~/crypto/tokens.server";
import type { Db } from "~/db.server";
import type { RequestContext } from "~/edge/request-context";
import { DomainError, isDomainError } from "~/errors/domain-error";
import type { SignedInSession } from "~/session/session.server";
import { CONFIRMATION_FIELD, FORM_KEY_FIELD, type ConfirmationPrompt, type ConfirmationRequired } from "./change-confirmation-fields";
import { consumeChallenge, storeChallenge } from "./challenges.server";
import { CeremonyError, verifyPasskeyAssertion } from "./passkey-ceremonies.server";
import { passkeyRows, transportsOf } from "./passkeys.server";
import { CHALLENGE_TTL_MS, relyingParty } from "./webauthn-config.server";
import { authenticationResponseSchema } from "./webauthn-schemas";

/**
 * Change confirmation ("dynamic linking"): a passkey assertion that authorises one exact
 * change, once, and nothing else.
 *
 * A change is `{ kind, words, facts }`: `words` is the sentence the person reads in the dialog
 * ("Raise the daily limit on Everyday debit ••6160 from £1,000.00 to £4,000.00"), `facts` the
 * canonical data behind it (card id, field, old → new; the payment being let through; the
 * passkey being removed). The WebAuthn challenge is SHA-256 of a single-use server nonce and a
 * digest of the person, kind, words and facts; the nonce is stored against the session for five
 * minutes and deleted on the first attempt to use it. The action computes the change again from
 * what was actually submitted and the state it finds, and the assertion must carry the
 * challenge of *that* change: a confirmation for "raise the daily limit to £4,000" cannot
 * authorise "remove the gambling block", a different amount, another card, or a second use.
 * A newer request replaces an older one of the same session.
 *
 * ## Using it from a new route (staff reveals, maker–checker approvals, …)
 *
 * 1. In the domain module, describe the change and ask for it *before* the write transaction,
 *    then record the confirmation *in* it:
 *
 *    ```ts
 *    export async function revealField(staff: Actor, customerId: string, field: "phone", confirm: ConfirmChange) {
 *      const customer = await findCustomer(customerId);          // read what the words name
 *      const confirmed = await confirm({
 *        kind: "pii.reveal",
 *        words: `Reveal the phone number of customer ${customer.reference}`,
 *        facts: { customer: customerId, field },
 *      });
 *      return inWriteTransaction(async (trx) => {
 *        // …re-read under the lock; if the change would now read differently, refuse:
 *        //    if (!confirmed.covers(sameChangeComputedAgain)) throw new DomainError("conflict", "…");
 *        await confirmed.record(trx);                            // "confirmation.confirmed", same transaction
 *        …the change and its own audit row…
 *      });
 *    }
 *    ```
 *
 *    `words` are shown to the person and recorded in the audit log: name things (a reference,
 *    a field, an amount), never a PII value or a secret. `facts` hold strings, integers
 *    (money in minor units), booleans, null, arrays and objects.
 * 2. In the route action, hand the domain module a `confirm` built from the submitted form,
 *    and turn a refusal into action data:
 *
 *    ```ts
 *    const session = await requireSession(args);
 *    const form = await args.request.formData();
 *    try {
 *      await revealField(actorFor(session.user, args.context), id, "phone", formConfirmer(session, args.context, form));
 *    } catch (error) {
 *      const ask = confirmationRequired(error);
 *      if (ask) return data(ask, { status: 403 });
 *      throw error;
 *    }
 *    ```
 *
 *    (A JSON endpoint can let the DomainError through: the policy wrapper answers 403 problem
 *    JSON carrying `code: "confirmation_required"` and `confirmation`; see webauthn.register.)
 * 3. In the page, render the form as `<ConfirmableForm method="post" formKey="…">` (from
 *    app/components/change-confirmation.tsx) with `<AuthenticityField />` inside. When the action
 *    asks, the dialog opens over the form with the server's words, runs the passkey, and sends
 *    the same form again with the assertion attached. Buttons that call fetch use
 *    `useConfirmChange()` instead.
 */

type Fact = string | number | boolean | null | readonly Fact[] | { readonly [key: string]: Fact };

export interface Change {
  /** what sort of change, e.g. "controls.loosen", "payment.allow", "pii.reveal" */
  readonly kind: string;
  /** the sentence the person confirms */
  readonly words: string;
  /** the canonical data the change is made from */
  readonly facts: { readonly [key: string]: Fact };
}

/** The person confirming, and from where (for the audit log). */
export interface Confirmer {
  userId: string;
  role: string | null;
  sessionId: string;
  ip: string;
  userAgent: string;
}

/** Proof that the person confirmed this change with a passkey just now. */
export interface ConfirmedChange {
  readonly change: Change;
  /** true when `other` is exactly the change that was confirmed (for a re-check under a lock) */
  covers(other: Change): boolean;
  /** appends "confirmation.confirmed" to the audit log, in the transaction of the change */
  record(trx: Db): Promise<void>;
}

/** What a domain module calls when a change needs the person's passkey. */
export type ConfirmChange = (change: Change) => Promise<ConfirmedChange>;

const CONTEXT = "strongroom change confirmation v1";
const MAX_WORDS = 600;
const MAX_ASSERTION_CHARS = 40_000;

const PROBLEMS = {
  different_change: "That confirmation was for a different change, so nothing was saved. Check the change below and confirm it.",
  expired_or_used: "That confirmation had expired or was already used, so nothing was saved. Please confirm again.",
  wrong_user: "That passkey belongs to someone else. Use one of your own passkeys.",
  not_verified: "We couldn't confirm it's you with that passkey, so nothing was saved. Please try again.",
} as const;
type Refusal = keyof typeof PROBLEMS;

function canonicalJson(value: Fact): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    // One spelling per value: floats have several, and money is integer minor units anyway.
    if (!Number.isSafeInteger(value)) throw new TypeError("change facts hold integers only");
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const object = value as { readonly [key: string]: Fact };
  return `{${Object.keys(object)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key] as Fact)}`)
    .join(",")}}`;
}

/** SHA-256 of the person and the canonical change: equal exactly when the changes are equal. */
export function changeDigest(userId: string, change: Change): Buffer {
  if (!change.kind || !change.words || change.words.length > MAX_WORDS) throw new TypeError("a change needs a kind and words of at most 600 characters");
  const canonical = canonicalJson({ user: userId, kind: change.kind, words: change.words, facts: change.facts });
  return crypto.createHash("sha256").update(`${CONTEXT}\n${canonical}`).digest();
}

function challengeFor(nonce: Buffer, digest: Buffer): string {
  return crypto.createHash("sha256").update(`${CONTEXT} challenge\n`).update(nonce).update(digest).digest("base64url");
}

function audit(who: Confirmer, action: string, details: Record<string, unknown>, trx?: Db) {
  const event = { actorId: who.userId, actorRole: who.role, action, subjectType: "user", subjectId: who.userId, ip: who.ip, userAgent: who.userAgent, details };
  return trx ? appendAudit(event, trx) : recordAuditEvent(event);
}

/** Issues a challenge bound to this change and throws the refusal that carries it to the page. */
async function ask(who: Confirmer, change: Change, problem: string | null, form: string | null): Promise<never> {
  const nonce = crypto.randomBytes(32);
  const challenge = challengeFor(nonce, changeDigest(who.userId, change));
  const passkeys = await passkeyRows(who.userId);
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    challenge: new Uint8Array(Buffer.from(challenge, "base64url")),
    allowCredentials: passkeys.map((row) => ({ id: row.id, transports: transportsOf(row) })),
    userVerification: "required",
    timeout: CHALLENGE_TTL_MS,
  });
  await storeChallenge(who.sessionId, "confirm", challenge, { userId: who.userId, nonce: nonce.toString("base64url") });
  await audit(who, "confirmation.requested", { kind: change.kind, words: change.words });
  const confirmation: ConfirmationPrompt = { kind: change.kind, words: change.words, options, problem, form };
  throw new DomainError("confirmation_required", change.words, { confirmation });
}

async function refuse(who: Confirmer, change: Change, reason: Refusal, form: string | null): Promise<never> {
  await audit(who, "confirmation.refused", { kind: change.kind, words: change.words, reason });
  return ask(who, change, PROBLEMS[reason], form);
}

/**
 * Confirms `change` with the assertion the request carried, or, when there is none (or it does
 * not fit this exact change), throws DomainError("confirmation_required", words, { confirmation })
 * carrying a fresh passkey request for this change.
 */
export async function confirmChange(who: Confirmer, change: Change, submitted: { assertion: unknown; form?: string | null }): Promise<ConfirmedChange> {
  const form = submitted.form ?? null;
  if (submitted.assertion === undefined || submitted.assertion === null) return ask(who, change, null, form);
  const parsed = authenticationResponseSchema.safeParse(submitted.assertion);
  if (!parsed.success) return refuse(who, change, "not_verified", form);
  const row = await consumeChallenge(who.sessionId, "confirm");
  if (!row?.nonce || row.user_id !== who.userId) return refuse(who, change, "expired_or_used", form);
  const digest = changeDigest(who.userId, change);
  const expected = challengeFor(Buffer.from(row.nonce, "base64url"), digest);
  // The outstanding request was made for another change than the one now submitted.
  if (!safeEqual(expected, row.challenge)) return refuse(who, change, "different_change", form);
  let passkeyId: string;
  try {
    ({ passkeyId } = await verifyPasskeyAssertion({
      response: parsed.data as AuthenticationResponseJSON,
      expectedChallenge: expected,
      expectedUserId: who.userId,
      actor: { ip: who.ip, userAgent: who.userAgent },
    }));
  } catch (error) {
    if (!(error instanceof CeremonyError)) throw error;
    return refuse(who, change, error.reason === "wrong_user" ? "wrong_user" : "not_verified", form);
  }
  const digestHex = digest.toString("hex");
  return {
    change,
    covers: (other) => safeEqual(changeDigest(who.userId, other).toString("hex"), digestHex),
    record: async (trx) => {
      await audit(who, "confirmation.confirmed", { kind: change.kind, words: change.words, change: digestHex.slice(0, 16), passkey: passkeyId.slice(0, 12) }, trx);
    },
  };
}

export function confirmerOf(session: SignedInSession, context: RequestContext): Confirmer {
  return { userId: session.user.id, role: session.user.roles[0] ?? null, sessionId: session.id, ip: context.ip, userAgent: context.userAgent };
}

/** The assertion a form carried in CONFIRMATION_FIELD (JSON text), if any. */
function assertionIn(form: FormData): unknown {
  const text = form.get(CONFIRMATION_FIELD);
  if (typeof text !== "string" || text === "") return null;
  if (text.length > MAX_ASSERTION_CHARS) return { unreadable: true };
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { unreadable: true };
  }
}

/** For a form action: the `confirm` to hand a domain module, using what this form carried. */
export function formConfirmer(session: SignedInSession, context: RequestContext, form: FormData): ConfirmChange {
  const who = confirmerOf(session, context);
  const key = form.get(FORM_KEY_FIELD);
  const submitted = { assertion: assertionIn(form), form: typeof key === "string" ? key.slice(0, 200) : null };
  return (change) => confirmChange(who, change, submitted);
}

/** For routes that show the request inline: the action data of a confirmation refusal, or null. */
export function confirmationRequired(error: unknown): ConfirmationRequired | null {
  if (!isDomainError(error, "confirmation_required")) return null;
  const confirmation = error.detail.confirmation as ConfirmationPrompt | undefined;
  return confirmation ? { code: "confirmation_required", confirmation } : null;
}
