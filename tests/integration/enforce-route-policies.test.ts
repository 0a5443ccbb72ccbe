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
