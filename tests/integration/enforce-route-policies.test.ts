import type { ServerBuild } from "@remix-run/node";
import { enforceRoutePolicies } from "../../app/access/enforce-route-policies.server";
import type { RoutePolicy } from "../../app/access/route-policy";
import { DomainError } from "../../app/errors/domain-error";
import { db } from "../../app/db.server";
import { startSignedInSession } from "../../app/session/session.server";
import { createUser } from "../../app/users/users.server";
import { requestContext, requestWithCookie } from "../support/request-context";
import { testEngines, useFreshDatabase } from "../support/test-database";

const ok = async () => ({ ok: true });

function fakeBuild(): ServerBuild {
  const route = (id: string) => ({ id, path: id, module: { loader: ok, action: ok, default: () => null } });
  return {
    routes: {
      "routes/open": route("routes/open"),
      "routes/customers-only": route("routes/customers-only"),
      "routes/forgotten": route("routes/forgotten"),
      "routes/dev": route("routes/dev"),
      "routes/bench": route("routes/bench"),
      "routes/form-reader": {
        id: "routes/form-reader",
        path: "form-reader",
        module: {
          action: async ({ request }: { request: Request }) => ({ fields: [...(await request.formData()).keys()] }),
        },
      },
      "routes/database-down": {
        id: "routes/database-down",
        path: "database-down",
        module: {
          loader: async () => {
            throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
          },
        },
      },
      "routes/refuses": {
        id: "routes/refuses",
        path: "refuses",
        module: {
          loader: async () => {
            throw new DomainError("conflict", "That proposal was already decided.", { proposal: "p1" });
          },
        },
      },
    },
  } as unknown as ServerBuild;
}

const policies: Record<string, RoutePolicy> = {
  "routes/open": { access: "public" },
  "routes/customers-only": { access: "permission", permission: "read:account:own" },
  "routes/dev": { access: "development" },
  "routes/bench": { access: "benchmark" },
  "routes/refuses": { access: "public" },
  "routes/form-reader": { access: "permission", permission: "read:account:own" },
  "routes/database-down": { access: "public" },
};

async function statusOf(promise: unknown): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe.each(testEngines())("route policy enforcement on %s", (engine) => {
  useFreshDatabase(engine);
  const logs: Record<string, unknown>[] = [];
  const build = enforceRoutePolicies(fakeBuild(), policies, { production: true, log: (entry) => logs.push(entry) });
  const call = (id: string, kind: "loader" | "action", request: Request) =>
    (build.routes[id]!.module[kind] as (args: unknown) => unknown)({ request, context: requestContext(), params: {} });

  async function cookieFor(roles: ("customer" | "support")[]) {
    const userId = await createUser({ displayName: "P", email: `${crypto.randomUUID()}@example.com`, roles });
    const context = requestContext();
    const session = await startSignedInSession(new Request("http://localhost:3000/"), context, userId);
    return { cookie: context.cookies.at(-1), csrf: session.csrfToken };
  }

  it("denies a route that has no policy (deny by default)", async () => {
    expect(await statusOf(call("routes/forgotten", "loader", new Request("http://localhost:3000/forgotten")))).toBe(403);
    expect(logs.some((entry) => entry.routeId === "routes/forgotten")).toBe(true);
  });

  it("sends anonymous people to sign in and refuses the wrong role", async () => {
    expect(await statusOf(call("routes/customers-only", "loader", new Request("http://localhost:3000/x")))).toBe(302);
    const staff = await cookieFor(["support"]);
    expect(await statusOf(call("routes/customers-only", "loader", requestWithCookie(staff.cookie)))).toBe(403);
    const customer = await cookieFor(["customer"]);
    expect(await statusOf(call("routes/customers-only", "loader", requestWithCookie(customer.cookie)))).toBe(200);
  });

  it("hides development routes in production", async () => {
    expect(await statusOf(call("routes/dev", "loader", new Request("http://localhost:3000/dev")))).toBe(404);
    expect(await statusOf(call("routes/bench", "loader", new Request("http://localhost:3000/bench")))).toBe(404);
  });

  it("serves the benchmark's yardstick routes in production only when asked to", async () => {
    const benchBuild = enforceRoutePolicies(fakeBuild(), policies, { production: true, benchRoutes: true, log: () => undefined });
    const loader = benchBuild.routes["routes/bench"]!.module.loader as (args: unknown) => unknown;
    expect(await statusOf(loader({ request: new Request("http://localhost:3000/bench"), context: requestContext(), params: {} }))).toBe(200);
    const devLoader = benchBuild.routes["routes/dev"]!.module.loader as (args: unknown) => unknown;
    expect(await statusOf(devLoader({ request: new Request("http://localhost:3000/dev"), context: requestContext(), params: {} }))).toBe(404);
  });

  it("refuses a cross-site POST and audits it", async () => {
    const customer = await cookieFor(["customer"]);
    const body = new URLSearchParams({ _csrf: customer.csrf });
    const forged = requestWithCookie(customer.cookie, {
      method: "POST",
      body,
      headers: { Origin: "https://evil.test", "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(await statusOf(call("routes/customers-only", "action", forged))).toBe(403);
    const audit = await db().selectFrom("audit_log").select(["action", "details"]).where("action", "=", "csrf.rejected").execute();
    expect(audit.at(-1)?.details).toContain("evil.test");
  });

  it("judges the browser's Origin as the edge saw it, not the Request Remix is handed", async () => {
    const customer = await cookieFor(["customer"]);
    // The edge takes Origin off the Request (Remix's own check would throw a 500 first) and puts it in the context.
    const post = () =>
      requestWithCookie(customer.cookie, {
        method: "POST",
        body: new URLSearchParams({ _csrf: customer.csrf }),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
    const action = build.routes["routes/customers-only"]!.module.action as (args: unknown) => unknown;
    const before = (await db().selectFrom("audit_log").select("seq").where("action", "=", "csrf.rejected").execute()).length;
    expect(await statusOf(action({ request: post(), context: requestContext({ origin: "https://evil.test" }), params: {} }))).toBe(403);
    expect(await statusOf(action({ request: post(), context: requestContext({ origin: null }), params: {} }))).toBe(403);
    expect(await statusOf(action({ request: post(), context: requestContext({ origin: "http://localhost:3000" }), params: {} }))).toBe(200);
    const refusals = await db().selectFrom("audit_log").select("details").where("action", "=", "csrf.rejected").orderBy("seq").execute();
    expect(refusals.length - before).toBe(2);
    expect(refusals.at(-2)?.details).toContain("evil.test");
    expect(refusals.at(-1)?.details).toContain("no origin information");
  });

  it("answers 415 for a body an action reads as a form but is not one, 400 for a form it cannot read", async () => {
    const customer = await cookieFor(["customer"]);
    const send = (headers: Record<string, string>, body: BodyInit) =>
      call("routes/form-reader", "action", requestWithCookie(customer.cookie, { method: "POST", body, headers: { Origin: "http://localhost:3000", "X-CSRF-Token": customer.csrf, ...headers } }));
    expect(await statusOf(send({ "Content-Type": "text/plain" }, "a=b"))).toBe(415);
    expect(await statusOf(send({ "Content-Type": "application/json" }, "{}"))).toBe(415);
    expect(await statusOf(send({ "Content-Type": "multipart/form-data" }, "--x\r\n"))).toBe(400);
    expect(await statusOf(send({ "Content-Type": "multipart/form-data; boundary=x" }, "garbage"))).toBe(400);
    expect(await send({ "Content-Type": "application/x-www-form-urlencoded" }, "a=1&b=2")).toEqual({ fields: ["a", "b"] });
  });

  it("answers a database outage with 503: the page's status for browsers, problem JSON with Retry-After for machine clients", async () => {
    const thrown = async (request: Request) => {
      try {
        await call("routes/database-down", "loader", request);
      } catch (refusal) {
        return refusal as Response;
      }
      throw new Error("expected a refusal");
    };
    expect((await thrown(new Request("http://localhost:3000/database-down"))).status).toBe(503);
    const api = await thrown(new Request("http://localhost:3000/database-down", { headers: { Accept: "application/json" } }));
    expect(api.status).toBe(503);
    expect(api.headers.get("Retry-After")).toBe("5");
    expect(await api.json()).toMatchObject({ status: 503, code: "unavailable" });
    expect(logs.some((entry) => entry.msg === "database unavailable" && String(entry.error).includes("SQLITE_FULL"))).toBe(true);
  });

  it("refuses a same-origin POST without the session's token, accepts it with the token", async () => {
    const customer = await cookieFor(["customer"]);
    const post = (token: string) =>
      requestWithCookie(customer.cookie, {
        method: "POST",
        body: new URLSearchParams({ _csrf: token }),
        headers: { Origin: "http://localhost:3000", "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
      });
    expect(await statusOf(call("routes/customers-only", "action", post("wrong")))).toBe(403);
    expect(await statusOf(call("routes/customers-only", "action", post(customer.csrf)))).toBe(200);
  });

  it("refuses a POST that carries no origin information at all", async () => {
    const customer = await cookieFor(["customer"]);
    const request = requestWithCookie(customer.cookie, {
      method: "POST",
      body: new URLSearchParams({ _csrf: customer.csrf }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(await statusOf(call("routes/open", "action", request))).toBe(403);
  });

  it("maps a domain refusal to its one status: a bare status for pages, problem JSON for machine clients", async () => {
    const thrownBy = async (request: Request) => {
      try {
        await call("routes/refuses", "loader", request);
      } catch (thrown) {
        return thrown as Response;
      }
      throw new Error("expected a refusal");
    };
    const page = await thrownBy(new Request("http://localhost:3000/refuses"));
    expect(page.status).toBe(409);
    expect(page.headers.get("Content-Type")).not.toContain("json");
    const json = await thrownBy(new Request("http://localhost:3000/refuses", { headers: { Accept: "application/json" } }));
    expect(json.status).toBe(409);
    expect(json.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await json.json()).toMatchObject({ status: 409, code: "conflict", title: "That proposal was already decided.", proposal: "p1" });
  });
});
