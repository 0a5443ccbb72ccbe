import { sql } from "kysely";
import { resetClock, setClock } from "../../app/clock.server";
import { db } from "../../app/db.server";
import * as enrolRoute from "../../app/routes/enrol";
import * as signInRoute from "../../app/routes/sign-in";
import * as signOutRoute from "../../app/routes/sign-out";
import * as authenticateRoute from "../../app/routes/webauthn.authenticate";
import { PRE_SIGN_IN_COOKIE } from "../../app/session/pre-sign-in.server";
import { SESSION_COOKIE } from "../../app/session/session-cookie.server";
import { createUser } from "../../app/users/users.server";
import { routeHarness, signIn } from "../support/card-activity";
import { requestWithCookie } from "../support/request-context";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { testEngines, useFreshDatabase } from "../support/test-database";

const ORIGIN = "http://localhost:3000";
const SAME_ORIGIN = { Origin: ORIGIN, "Sec-Fetch-Site": "same-origin" };

/** Every table's row count: a page view must change none of them. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = (await db().introspection.getTables()).map((table) => table.name).filter((name) => !name.startsWith("kysely_"));
  const counts: Record<string, number> = {};
  for (const table of tables) {
    // Table names come from the database's own catalogue; identifiers cannot be bound as parameters.
    const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db());
    counts[table] = Number(row.rows[0]?.n);
  }
  return counts;
}

describe.each(testEngines())("before sign-in on %s", (engine) => {
  useFreshDatabase(engine);
  afterEach(() => resetClock());
  const call = routeHarness({ "routes/sign-in": signInRoute, "routes/enrol": enrolRoute, "routes/webauthn.authenticate": authenticateRoute, "routes/sign-out": signOutRoute });

  /** A browser opening the sign-in page: the cookie it was given and the token its page shows. */
  async function openSignIn(cookie?: string) {
    const page = await call("routes/sign-in", "loader", requestWithCookie(cookie, { url: `${ORIGIN}/sign-in` }), {});
    expect(page.status).toBe(200);
    return { cookie: page.cookies.at(-1) ?? cookie, token: (page.body as { csrfToken: string }).csrfToken, setCookies: page.cookies };
  }

  function options(browser: { cookie?: string; token: string }, headers: Record<string, string> = SAME_ORIGIN) {
    return requestWithCookie(browser.cookie, {
      url: `${ORIGIN}/webauthn/authenticate`,
      method: "POST",
      body: JSON.stringify({ intent: "options" }),
      headers: { ...headers, "Content-Type": "application/json", "X-CSRF-Token": browser.token },
    });
  }

  it("views of the sign-in and enrolment pages write nothing, and hand out a signed double-submit token", async () => {
    const before = await rowCounts();
    const first = await openSignIn();
    expect(first.setCookies).toHaveLength(1);
    expect(first.cookie).toMatch(new RegExp(`^${PRE_SIGN_IN_COOKIE}=\\d+\\.\\d+\\.[A-Za-z0-9_-]{43}; Path=/; Max-Age=7200; HttpOnly; Secure; SameSite=Strict$`));
    expect(first.cookie?.startsWith(`${SESSION_COOKIE}=`)).toBe(false);
    // The token is an HMAC of the cookie, not the cookie: it differs, and the cookie is not re-issued.
    expect(first.cookie).not.toContain(first.token);
    const again = await openSignIn(first.cookie);
    expect(again.setCookies).toEqual([]);
    expect(again.token).toBe(first.token);
    const enrol = await call("routes/enrol", "loader", requestWithCookie(first.cookie, { url: `${ORIGIN}/enrol` }), {});
    expect(enrol.body).toEqual({ csrfToken: first.token });
    for (let i = 0; i < 200; i += 1) await openSignIn(i % 2 === 0 ? undefined : first.cookie);
    expect(await rowCounts()).toEqual(before);
  });

  it("stores the first row in the POST that issues passkey options, and only with this browser's token", async () => {
    const alice = await openSignIn();
    const mallory = await openSignIn();
    expect(mallory.token).not.toBe(alice.token);
    // Another browser's token, no cookie, another site: refused before anything is stored.
    expect((await call("routes/webauthn.authenticate", "action", options({ cookie: alice.cookie, token: mallory.token }), {})).status).toBe(403);
    expect((await call("routes/webauthn.authenticate", "action", options({ token: alice.token }), {})).status).toBe(403);
    expect((await call("routes/webauthn.authenticate", "action", options(alice, { Origin: "https://evil.test", "Sec-Fetch-Site": "cross-site" }), {})).status).toBe(403);
    expect(await db().selectFrom("webauthn_challenges").select("id").execute()).toEqual([]);
    const reasons = (await db().selectFrom("audit_log").select("details").where("action", "=", "csrf.rejected").execute()).map((row) => (JSON.parse(row.details) as { reason: string }).reason);
    expect(reasons).toEqual(["pre-sign-in token mismatch", "pre-sign-in token mismatch", "sec-fetch-site cross-site"]);

    const issued = await call("routes/webauthn.authenticate", "action", options(alice), {});
    expect(issued.status).toBe(200);
    expect(await db().selectFrom("webauthn_challenges").select(["purpose", "binding"]).execute()).toEqual([{ purpose: "authenticate", binding: expect.stringMatching(/^pre:/) }]);
    expect(await db().selectFrom("sessions").select("id").execute()).toEqual([]);
  });

  it("expires a pre-sign-in token after two hours", async () => {
    const start = new Date("2026-11-30T10:00:00.000Z");
    setClock(() => start);
    const browser = await openSignIn();
    setClock(() => new Date(start.getTime() + 2 * 60 * 60 * 1000 + 1000));
    expect((await call("routes/webauthn.authenticate", "action", options(browser), {})).status).toBe(403);
    const fresh = await openSignIn(browser.cookie);
    expect(fresh.setCookies).toHaveLength(1);
    expect((await call("routes/webauthn.authenticate", "action", options(fresh), {})).status).toBe(200);
  });

  it("accepts a pre-sign-in token only on public routes, never where a session is needed", async () => {
    const userId = await createUser({ displayName: "Signed In", email: `${crypto.randomUUID()}@example.com`, roles: ["customer"] });
    const person = await signIn(userId);
    const browser = await openSignIn();
    const both = [person.cookie?.split(";")[0], browser.cookie?.split(";")[0]].join("; ");
    const signOut = (token: string) =>
      call("routes/sign-out", "action", new Request(`${ORIGIN}/sign-out`, { method: "POST", body: new URLSearchParams({ _csrf: token }), headers: { ...SAME_ORIGIN, Cookie: both, "Content-Type": "application/x-www-form-urlencoded" } }), {});
    expect((await signOut(browser.token)).status).toBe(403);
    expect((await signOut(person.csrf)).status).toBe(302);
  });

  it("signs in with a challenge bound to this browser, and never with one issued to another", async () => {
    const userId = await createUser({ displayName: "Passkey Person", email: `${crypto.randomUUID()}@example.com`, roles: ["customer"] });
    const authenticator = new SoftAuthenticator();
    await db()
      .insertInto("passkeys")
      .values({ id: authenticator.credentialId, user_id: userId, public_key: authenticator.cosePublicKey(), counter: 0, transports: "[]", device_type: "singleDevice", backed_up: 0, aaguid: "0", name: "Soft", created_at: new Date().toISOString(), last_used_at: null })
      .execute();
    const victim = await openSignIn();
    const attacker = await openSignIn();
    const { options: issued } = (await (await call("routes/webauthn.authenticate", "action", options(victim), {})).raw!.json()) as { options: { challenge: string } };
    const verify = (browser: { cookie?: string; token: string }) =>
      call(
        "routes/webauthn.authenticate",
        "action",
        requestWithCookie(browser.cookie, {
          url: `${ORIGIN}/webauthn/authenticate`,
          method: "POST",
          body: JSON.stringify({ intent: "verify", returnTo: "/accounts", response: authenticator.assert({ challenge: issued.challenge, origin: ORIGIN, rpId: "localhost" }) }),
          headers: { ...SAME_ORIGIN, "Content-Type": "application/json", "X-CSRF-Token": browser.token },
        }),
        {},
      );
    expect((await verify(attacker)).status).toBe(400);
    const signedIn = await verify(victim);
    expect(signedIn.status).toBe(200);
    expect(signedIn.cookies.some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
    expect(await db().selectFrom("sessions").select("user_id").where("user_id", "=", userId).execute()).toEqual([{ user_id: userId }]);
  });

  it("rate-limits issuing passkey options per address", async () => {
    const browser = await openSignIn();
    const statuses: number[] = [];
    for (let i = 0; i < 61; i += 1) statuses.push((await call("routes/webauthn.authenticate", "action", options(browser), {}, "198.51.100.20")).status);
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    expect((await call("routes/webauthn.authenticate", "action", options(browser), {}, "198.51.100.21")).status).toBe(200);
  });
});
