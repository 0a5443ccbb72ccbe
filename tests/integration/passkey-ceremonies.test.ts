import { authenticationOptions, CeremonyError, completeAuthentication } from "../../app/auth/passkey-ceremonies.server";
import { checkEnrolmentCode, consumeEnrolmentCode, issueEnrolmentCode } from "../../app/auth/enrolment-codes.server";
import { removePasskey } from "../../app/auth/passkeys.server";
import { signInWithPasskey } from "../../app/auth/sign-in.server";
import { resetClock, setClock } from "../../app/clock.server";
import { db, inWriteTransaction } from "../../app/db.server";
import { ceremonyBinding, pageCsrfToken } from "../../app/session/pre-sign-in.server";
import { createUser } from "../../app/users/users.server";
import { confirmEverything } from "../support/confirmations";
import { requestContext, requestWithCookie } from "../support/request-context";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { testEngines, useFreshDatabase } from "../support/test-database";

const ORIGIN = "http://localhost:3000";
const actor = { ip: "203.0.113.9", userAgent: "Vitest" };
const person = (userId: string) => ({ userId, role: "customer", ...actor });

describe.each(testEngines())("passkey ceremonies on %s", (engine) => {
  useFreshDatabase(engine);
  afterEach(() => resetClock());

  async function personWithPasskey() {
    const email = `${crypto.randomUUID()}@example.com`;
    const userId = await createUser({ displayName: "Test", email, roles: ["customer"] });
    const authenticator = new SoftAuthenticator();
    await db()
      .insertInto("passkeys")
      .values({
        id: authenticator.credentialId,
        user_id: userId,
        public_key: authenticator.cosePublicKey(),
        counter: 0,
        transports: "[]",
        device_type: "singleDevice",
        backed_up: 0,
        aaguid: "00000000-0000-0000-0000-000000000000",
        name: "Soft",
        created_at: new Date().toISOString(),
        last_used_at: null,
      })
      .execute();
    return { userId, email, authenticator };
  }

  /** A browser that opened the sign-in page: its challenges are bound to its pre-sign-in cookie. */
  async function preAuthSession(context = requestContext()) {
    await pageCsrfToken(new Request(`${ORIGIN}/sign-in`), context);
    const binding = await ceremonyBinding(requestWithCookie(context.cookies.at(-1), { url: `${ORIGIN}/webauthn/authenticate` }), requestContext());
    if (!binding) throw new Error("expected a pre-sign-in binding");
    return { id: binding };
  }

  async function challengeFor(binding: string) {
    return (await authenticationOptions(binding)).challenge;
  }

  it("accepts a genuine assertion and records the counter", async () => {
    const { userId, authenticator } = await personWithPasskey();
    const session = await preAuthSession();
    const response = authenticator.assert({ challenge: await challengeFor(session.id), origin: ORIGIN, rpId: "localhost" });
    expect((await completeAuthentication(session.id, response, actor)).userId).toBe(userId);
    const row = await db().selectFrom("passkeys").select(["counter", "last_used_at"]).where("id", "=", authenticator.credentialId).executeTakeFirstOrThrow();
    expect(row.counter).toBe(1);
    expect(row.last_used_at).not.toBeNull();
  });

  it("refuses a replayed assertion (challenges are single use)", async () => {
    const { authenticator } = await personWithPasskey();
    const session = await preAuthSession();
    const response = authenticator.assert({ challenge: await challengeFor(session.id), origin: ORIGIN, rpId: "localhost" });
    await completeAuthentication(session.id, response, actor);
    await expect(completeAuthentication(session.id, response, actor)).rejects.toMatchObject({ code: "no_challenge" });
  });

  it("refuses a challenge issued to another session", async () => {
    const { authenticator } = await personWithPasskey();
    const victim = await preAuthSession();
    const attacker = await preAuthSession();
    const response = authenticator.assert({ challenge: await challengeFor(victim.id), origin: ORIGIN, rpId: "localhost" });
    await expect(completeAuthentication(attacker.id, response, actor)).rejects.toBeInstanceOf(CeremonyError);
  });

  it("refuses an expired challenge", async () => {
    const { authenticator } = await personWithPasskey();
    const session = await preAuthSession();
    const challenge = await challengeFor(session.id);
    setClock(() => new Date(Date.now() + 6 * 60 * 1000));
    const response = authenticator.assert({ challenge, origin: ORIGIN, rpId: "localhost" });
    await expect(completeAuthentication(session.id, response, actor)).rejects.toMatchObject({ code: "no_challenge" });
  });

  it.each([
    ["another origin", { origin: "https://evil.test", rpId: "localhost" }],
    ["another RP ID", { origin: ORIGIN, rpId: "evil.test" }],
    ["no user verification", { origin: ORIGIN, rpId: "localhost", userVerified: false }],
  ])("refuses an assertion from %s", async (_label, shape) => {
    const { authenticator } = await personWithPasskey();
    const session = await preAuthSession();
    const response = authenticator.assert({ challenge: await challengeFor(session.id), ...shape });
    await expect(completeAuthentication(session.id, response, actor)).rejects.toMatchObject({ code: "verification_failed" });
  });

  it("refuses and audits a regressed signature counter (a cloned passkey)", async () => {
    const { userId, authenticator } = await personWithPasskey();
    await db().updateTable("passkeys").set({ counter: 50 }).where("id", "=", authenticator.credentialId).execute();
    const session = await preAuthSession();
    const response = authenticator.assert({ challenge: await challengeFor(session.id), origin: ORIGIN, rpId: "localhost", counter: 7 });
    await expect(completeAuthentication(session.id, response, actor)).rejects.toMatchObject({ code: "counter_regressed" });
    const audit = await db().selectFrom("audit_log").select("action").where("subject_id", "=", userId).execute();
    expect(audit.map((row) => row.action)).toContain("passkey.counter_regressed");
  });

  it("refuses a removed passkey, and never removes the last one", async () => {
    const { userId, authenticator } = await personWithPasskey();
    expect(await removePasskey(person(userId), authenticator.credentialId, confirmEverything())).toBe("last_passkey");
    const spare = new SoftAuthenticator();
    await db().insertInto("passkeys").values({ id: spare.credentialId, user_id: userId, public_key: spare.cosePublicKey(), counter: 0, transports: "[]", device_type: "singleDevice", backed_up: 0, aaguid: "0", name: "Spare", created_at: new Date().toISOString(), last_used_at: null }).execute();
    expect(await removePasskey(person(userId), authenticator.credentialId, confirmEverything())).toBe("removed");
    const session = await preAuthSession();
    const response = authenticator.assert({ challenge: await challengeFor(session.id), origin: ORIGIN, rpId: "localhost" });
    await expect(completeAuthentication(session.id, response, actor)).rejects.toMatchObject({ code: "unknown_credential" });
  });

  it("rate-limits sign-in per credential with one generic message, and audits failures", async () => {
    const { userId, authenticator } = await personWithPasskey();
    const results = [];
    for (let i = 0; i < 11; i += 1) {
      const context = requestContext({ ip: `198.51.100.${i}` });
      const session = await preAuthSession(context);
      const challenge = await challengeFor(session.id);
      // Wrong origin: every attempt fails, like a phishing site relaying assertions.
      const response = authenticator.assert({ challenge, origin: "https://evil.test", rpId: "localhost" });
      results.push(await signInWithPasskey(new Request(`${ORIGIN}/sign-in`), context, session.id, response));
    }
    expect(results.slice(0, 10).every((r) => !r.ok && r.status === 400 && r.message.startsWith("We couldn't sign you in"))).toBe(true);
    expect(results[10]).toMatchObject({ ok: false, status: 429 });
    const audit = await db().selectFrom("audit_log").select("action").where("subject_id", "=", userId).execute();
    expect(audit.filter((row) => row.action === "sign_in.failed")).toHaveLength(10);
    expect(audit.map((row) => row.action)).toContain("sign_in.rate_limited");
  });

  it("does not let one person remove another's passkey", async () => {
    const alice = await personWithPasskey();
    const mallory = await personWithPasskey();
    expect(await removePasskey(person(mallory.userId), alice.authenticator.credentialId, confirmEverything())).toBe("not_found");
  });
});

describe.each(testEngines())("enrolment codes on %s", (engine) => {
  useFreshDatabase(engine);
  afterEach(() => resetClock());

  async function person() {
    const email = `${crypto.randomUUID()}@example.com`;
    const userId = await createUser({ displayName: "New", email, roles: ["customer"] });
    return { email, userId, code: await issueEnrolmentCode(userId, null) };
  }

  it("accepts the code in any case and spacing, and stores only its hash", async () => {
    const { email, userId, code } = await person();
    expect(await checkEnrolmentCode(email, code.toLowerCase().replaceAll("-", " "), actor)).toMatchObject({ ok: true, userId });
    const stored = await db().selectFrom("enrolment_codes").select("code_hash").where("user_id", "=", userId).executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(code.replaceAll("-", ""));
  });

  it("is single use, even when two requests race", async () => {
    const { email, code } = await person();
    const check = await checkEnrolmentCode(email, code, actor);
    if (!check.ok) throw new Error("expected a valid code");
    const results = await Promise.all([1, 2].map(() => inWriteTransaction((trx) => consumeEnrolmentCode(check.codeId, trx))));
    expect(results.sort()).toEqual([false, true]);
    expect(await checkEnrolmentCode(email, code, actor)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("expires after 24 hours", async () => {
    const { email, code } = await person();
    setClock(() => new Date(Date.now() + 24 * 60 * 60 * 1000 + 1000));
    expect(await checkEnrolmentCode(email, code, actor)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("locks after five wrong guesses, even for the right code", async () => {
    const { email, code } = await person();
    for (let i = 0; i < 5; i += 1) await checkEnrolmentCode(email, "WRONG-WRONG-WRNG", { ...actor, ip: `198.51.100.${i}` });
    expect(await checkEnrolmentCode(email, code, { ...actor, ip: "198.51.100.77" })).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("answers an unknown email exactly like a wrong code", async () => {
    expect(await checkEnrolmentCode("nobody@example.com", "AAAA-BBBB-CCCC", actor)).toEqual({ ok: false, reason: "invalid" });
  });

  it("rate-limits guessing per IP", async () => {
    const results = [];
    for (let i = 0; i < 11; i += 1) results.push(await checkEnrolmentCode("nobody@example.com", "AAAA-BBBB-CCCC", { ...actor, ip: "192.0.2.50" }));
    expect(results.at(-1)).toMatchObject({ ok: false, reason: "rate_limited" });
  });
});
