import { resetClock, setClock } from "../../app/clock.server";
import { db } from "../../app/db.server";
import { getSession, revokeAllSessions, startSignedInSession, IDLE_TIMEOUT_MS } from "../../app/session/session.server";
import { SESSION_COOKIE } from "../../app/session/session-cookie.server";
import { createUser } from "../../app/users/users.server";
import { requestContext, requestWithCookie } from "../support/request-context";
import { testEngines, useFreshDatabase } from "../support/test-database";

describe.each(testEngines())("sessions on %s", (engine) => {
  useFreshDatabase(engine);
  afterEach(() => resetClock());

  async function signIn(roles: ("customer" | "support")[] = ["customer"]) {
    const userId = await createUser({ displayName: "Test Person", email: `${crypto.randomUUID()}@example.com`, roles });
    const context = requestContext();
    const session = await startSignedInSession(new Request("http://localhost:3000/"), context, userId);
    return { userId, session, cookie: context.cookies.at(-1) };
  }

  it("sets a sealed __Host- cookie holding only an opaque value", async () => {
    const { cookie, session } = await signIn();
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Domain");
    expect(cookie).not.toContain(session.id);
  });

  it("resolves the session from the cookie", async () => {
    const { cookie, userId } = await signIn();
    const resolved = await getSession(requestWithCookie(cookie), requestContext());
    expect(resolved?.user?.id).toBe(userId);
    expect(resolved?.user?.permissions.has("read:account:own")).toBe(true);
  });

  it("rotates the id at every sign-in and revokes the session it replaces", async () => {
    const first = await signIn();
    const userId = await createUser({ displayName: "Rotating", email: "rotate@example.com", roles: ["customer"] });
    const context = requestContext();
    const after = await startSignedInSession(requestWithCookie(first.cookie), context, userId);
    expect(after.id).not.toBe(first.session.id);
    expect(await getSession(requestWithCookie(first.cookie), requestContext())).toBeNull();
    expect((await getSession(requestWithCookie(context.cookies.at(-1)), requestContext()))?.user?.id).toBe(userId);
  });

  it("expires after 15 idle minutes", async () => {
    const start = new Date();
    setClock(() => start);
    const { cookie } = await signIn();
    setClock(() => new Date(start.getTime() + IDLE_TIMEOUT_MS - 1000));
    expect(await getSession(requestWithCookie(cookie), requestContext())).not.toBeNull();
    setClock(() => new Date(start.getTime() + IDLE_TIMEOUT_MS - 1000 + IDLE_TIMEOUT_MS + 1000));
    const context = requestContext();
    expect(await getSession(requestWithCookie(cookie), context)).toBeNull();
    expect(context.cookies[0]).toContain("Max-Age=0");
  });

  it("expires after the absolute limit even when active (8 h staff, 12 h customers)", async () => {
    const start = new Date();
    setClock(() => start);
    const staff = await signIn(["support"]);
    const customer = await signIn(["customer"]);
    // Stay active every 10 minutes for 9 hours.
    for (let minutes = 10; minutes <= 9 * 60; minutes += 10) {
      setClock(() => new Date(start.getTime() + minutes * 60_000));
      await getSession(requestWithCookie(customer.cookie), requestContext());
      await getSession(requestWithCookie(staff.cookie), requestContext());
    }
    expect(await getSession(requestWithCookie(staff.cookie), requestContext())).toBeNull();
    expect(await getSession(requestWithCookie(customer.cookie), requestContext())).not.toBeNull();
  });

  it("revocation takes effect on the very next request", async () => {
    const { cookie, userId } = await signIn();
    expect(await revokeAllSessions(userId)).toBe(1);
    expect(await getSession(requestWithCookie(cookie), requestContext())).toBeNull();
    const row = await db().selectFrom("sessions").select("revoked_at").where("user_id", "=", userId).executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
  });

  it("ignores a forged or garbled cookie", async () => {
    const context = requestContext();
    const request = new Request("http://localhost:3000/", { headers: { Cookie: `${SESSION_COOKIE}=Fe26.2**not-a-seal` } });
    expect(await getSession(request, context)).toBeNull();
  });
});
