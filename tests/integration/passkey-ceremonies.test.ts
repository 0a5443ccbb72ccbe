import { authenticationOptions, CeremonyError, completeAuthentication } from "../../app/auth/passkey-ceremonies.server";
import { checkEnrolmentCode, CODE_GUESS_CEILING, consumeEnrolmentCode, issueEnrolmentCode } from "../../app/auth/enrolment-codes.server";
import { removePasskey } from "../../app/auth/passkeys.server";
import { SIGN_IN_FAILURES_EVERYWHERE, SIGN_IN_PER_ADDRESS, signInWithPasskey } from "../../app/auth/sign-in.server";
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
    await expect(completeAuthentication(session.id, response, actor)).rejects.toMatchObject({ reason: "no_challenge" });
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
    await expect(completeAuthentication(session.id, response, actor)).rejects.toMatchObject({ reason: "no_challenge" });
  });

  it.each([
    ["another origin", { origin: "https://evil.test", rpId: "localhost" }],
    ["another RP ID", { origin: ORIGIN, rpId: "evil.test" }],
    ["no user verification", { origin: ORIGIN, rpId: "localhost", userVerified: false }],
  ])("refuses an assertion from %s", async (_label, shape) => {
    const { authenticator } = await personWithPasskey();
    const session = await preAuthSession();
    const response = authenticator.assert({ challenge: await challengeFor(session.id), ...shape });
    await expect(completeAuthentication(session.id, response, actor)).rejects.toMatchObject({ reason: "verification_failed" });
  });

  it("refuses and audits a regressed signature counter (a cloned passkey)", async () => {
    const { userId, authenticator } = await personWithPasskey();
    await db().updateTable("passkeys").set({ counter: 50 }).where("id", "=", authenticator.credentialId).execute();
    const session = await preAuthSession();
    const response = authenticator.assert({ challenge: await challengeFor(session.id), origin: ORIGIN, rpId: "localhost", counter: 7 });
    await expect(completeAuthentication(session.id, response, actor)).rejects.toMatchObject({ reason: "counter_regressed" });
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
    await expect(completeAuthentication(session.id, response, actor)).rejects.toMatchObject({ reason: "unknown_credential" });
  });

  async function forgedSignIn(authenticator: SoftAuthenticator, ip: string) {
    const context = requestContext({ ip });
    const session = await preAuthSession(context);
    const challenge = await challengeFor(session.id);
    // Wrong origin: the attempt fails, like a phishing site relaying assertions.
    const response = authenticator.assert({ challenge, origin: "https://evil.test", rpId: "localhost" });
    return signInWithPasskey(new Request(`${ORIGIN}/sign-in`), context, session.id, response);
  }

  async function genuineSignIn(authenticator: SoftAuthenticator, ip: string) {
    const context = requestContext({ ip });
    const session = await preAuthSession(context);
    const response = authenticator.assert({ challenge: await challengeFor(session.id), origin: ORIGIN, rpId: "localhost" });
    return signInWithPasskey(new Request(`${ORIGIN}/sign-in`), context, session.id, response);
  }

  it("never lets a stranger's failures naming someone's passkey lock its owner out, and audits them", async () => {
    const { userId, authenticator } = await personWithPasskey();
    const results = [];
    for (let i = 0; i < 25; i += 1) results.push(await forgedSignIn(authenticator, `198.51.100.${i}`));
    expect(results.every((r) => !r.ok && r.status === 400 && r.message.startsWith("We couldn't sign you in"))).toBe(true);
    expect(await genuineSignIn(authenticator, "203.0.113.20")).toMatchObject({ ok: true });
    const audit = await db().selectFrom("audit_log").select("action").where("subject_id", "=", userId).execute();
    expect(audit.filter((row) => row.action === "sign_in.failed")).toHaveLength(25);
    expect(audit.map((row) => row.action)).not.toContain("sign_in.rate_limited");
  });

  it("limits sign-in attempts per client address, with the same generic message", async () => {
    const { authenticator } = await personWithPasskey();
    const results = [];
    for (let i = 0; i < SIGN_IN_PER_ADDRESS.limit + 1; i += 1) results.push(await forgedSignIn(authenticator, "192.0.2.77"));
    expect(results.slice(0, SIGN_IN_PER_ADDRESS.limit).every((r) => !r.ok && r.status === 400)).toBe(true);
    expect(results.at(-1)).toMatchObject({ ok: false, status: 429 });
    // The owner, from her own address, is not in that bucket.
    expect(await genuineSignIn(authenticator, "203.0.113.21")).toMatchObject({ ok: true });
  });

  it("sheds load when failures everywhere pass the global ceiling, counting failures only", async () => {
    const { authenticator } = await personWithPasskey();
    const at = new Date();
    setClock(() => at);
    await db().deleteFrom("rate_limits").where("key", "=", "sign-in:failures").execute();
    for (let i = 0; i < 3; i += 1) expect(await genuineSignIn(authenticator, `203.0.113.${30 + i}`)).toMatchObject({ ok: true });
    expect(await db().selectFrom("rate_limits").select("key").where("key", "=", "sign-in:failures").execute()).toEqual([]);
    await db().insertInto("rate_limits").values({ key: "sign-in:failures", window_start: at.toISOString(), count: SIGN_IN_FAILURES_EVERYWHERE.limit }).execute();
    expect(await genuineSignIn(authenticator, "203.0.113.40")).toMatchObject({ ok: false, status: 429 });
    setClock(() => new Date(at.getTime() + SIGN_IN_FAILURES_EVERYWHERE.windowMs + 1_000));
    expect(await genuineSignIn(authenticator, "203.0.113.41")).toMatchObject({ ok: true });
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

  it("keeps the real code working whatever strangers guess from other addresses", async () => {
    const { email, userId, code } = await person();
    for (let i = 0; i < 40; i += 1) await checkEnrolmentCode(email, "WRONG-WRONG-WRNG", { ...actor, ip: `198.51.100.${i}` });
    expect(await checkEnrolmentCode(email, code, { ...actor, ip: "203.0.113.77" })).toMatchObject({ ok: true, userId });
    const notices = await db().selectFrom("outbox").select("subject").where("user_id", "=", userId).execute();
    expect(notices.map((notice) => notice.subject)).not.toContain("We stopped your Strongroom enrolment code");
  });

  it("stops a code at the backstop ceiling and tells the person, once", async () => {
    const { email, userId, code } = await person();
    await db().updateTable("enrolment_codes").set({ failed_attempts: CODE_GUESS_CEILING - 2 }).where("user_id", "=", userId).execute();
    await Promise.all([1, 2, 3].map((i) => checkEnrolmentCode(email, "WRONG-WRONG-WRNG", { ...actor, ip: `198.51.100.${200 + i}` })));
    expect(await checkEnrolmentCode(email, code, { ...actor, ip: "203.0.113.78" })).toMatchObject({ ok: false, reason: "invalid" });
    const notices = await db().selectFrom("outbox").select("subject").where("user_id", "=", userId).execute();
    expect(notices.filter((notice) => notice.subject === "We stopped your Strongroom enrolment code")).toHaveLength(1);
    const audit = await db().selectFrom("audit_log").select("action").where("subject_id", "=", userId).where("action", "=", "enrolment.code_voided").execute();
    expect(audit).toHaveLength(1);
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
