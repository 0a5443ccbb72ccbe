/// <reference types="vite/types/importMeta.d.ts" />
import crypto from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import { enforceRoutePolicies } from "../../app/access/enforce-route-policies.server";
import { ROLE_PERMISSIONS, ROLES } from "../../app/access/permissions";
import { routePolicies } from "../../app/access/route-policies";
import { db } from "../../app/db.server";
import { startSignedInSession } from "../../app/session/session.server";
import { createUser } from "../../app/users/users.server";
import type { Role } from "../../db/schema";
import * as adminRoute from "../../app/routes/admin._index";
import * as decideRoute from "../../app/routes/staff.approvals.$approvalId";
import * as customerRoute from "../../app/routes/staff.customers.$customerId";
import * as reEnrolRoute from "../../app/routes/staff.customers.$customerId_.re-enrol";
import * as reviewRoute from "../../app/routes/staff.reviews.$reviewId";
import { customerWithCard } from "../support/banking-fixtures";
import { insertAuthorization, postRequest, routeHarness, signIn } from "../support/card-activity";
import { requestContext, requestWithCookie } from "../support/request-context";
import { testEngines, useFreshDatabase } from "../support/test-database";

/**
 * Every route whose policy names a permission, called through the real policy wrapper with
 * its real loader and action, as every role: a role gets in exactly when it holds the
 * permission. Ids in the URL are random, so "in" usually means a 404 or a 400 from the route
 * itself — never the wrapper's 403, and never a redirect to sign-in.
 */

const routeModules = {
  ...import.meta.glob("../../app/routes/*.tsx"),
  ...import.meta.glob("../../app/routes/*/route.tsx"),
};

function moduleLoaderFor(routeId: string) {
  const name = routeId.slice("routes/".length);
  return (
    routeModules[`../../app/routes/${name}.tsx`] ??
    routeModules[`../../app/routes/${name}/route.tsx`]
  );
}

/** A URL and params for a route id, with a fresh random value for every dynamic segment. */
function requestTarget(routeId: string) {
  const params: Record<string, string> = {};
  const parts: string[] = [];
  const name = routeId.slice("routes/".length).split("[.]").join("\uE000");
  for (const raw of name.split(".")) {
    const part = raw.split("\uE000").join(".");
    if (part === "_index" || (part.startsWith("_") && part.length > 1))
      continue;
    const text = part.endsWith("_") ? part.slice(0, -1) : part;
    if (text.startsWith("$")) {
      const value = crypto.randomUUID();
      params[text.slice(1)] = value;
      parts.push(value);
    } else parts.push(text);
  }
  return { url: `http://localhost:3000/${parts.join("/")}`, params };
}

const permissionRoutes = Object.entries(routePolicies).flatMap(([id, policy]) =>
  policy.access === "permission" ? [{ id, permission: policy.permission }] : []
);

type Outcome = "allowed" | "denied" | "sign-in";

async function outcomeOf(
  call: () => unknown
): Promise<{ outcome: Outcome; status: number }> {
  let status = 200;
  try {
    const value = await call();
    if (value instanceof Response) status = value.status;
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    status = thrown.status;
    if (
      status === 302 &&
      (thrown.headers.get("Location") ?? "").startsWith("/sign-in")
    )
      return { outcome: "sign-in", status };
    // A passkey confirmation asked for is a person who got in and must now prove presence.
    const stepUp =
      status === 403 &&
      (thrown.headers.get("Content-Type") ?? "").includes("json") &&
      (await thrown.clone().text()).includes("step_up_required");
    if (status === 403 && !stepUp) return { outcome: "denied", status };
  }
  return { outcome: "allowed", status };
}

describe.each(testEngines())("role × route matrix on %s", (engine) => {
  useFreshDatabase(engine);
  let build: ServerBuild;

  beforeAll(async () => {
    const routes: ServerBuild["routes"] = {};
    for (const { id } of permissionRoutes) {
      const load = moduleLoaderFor(id);
      if (!load) throw new Error(`no route file for ${id}`);
      routes[id] = {
        id,
        path: id,
        module: (await load()) as ServerBuild["routes"][string]["module"],
      } as ServerBuild["routes"][string];
    }
    build = enforceRoutePolicies(
      { routes } as unknown as ServerBuild,
      routePolicies,
      { production: true, log: () => undefined }
    );
  });

  async function signedIn(role: Role) {
    const userId = await createUser({
      displayName: `A ${role}`,
      email: `${crypto.randomUUID()}@example.com`,
      roles: [role],
    });
    const context = requestContext();
    const session = await startSignedInSession(
      new Request("http://localhost:3000/"),
      context,
      userId
    );
    return { cookie: context.cookies.at(-1), csrf: session.csrfToken };
  }

  it("covers every permission route", () => {
    expect(permissionRoutes.length).toBeGreaterThan(15);
    expect(permissionRoutes.map((route) => route.id)).toEqual(
      expect.arrayContaining([
        "routes/staff._index",
        "routes/staff.customers.$customerId",
        "routes/staff.customers.$customerId_.reveal",
        "routes/staff.customers.$customerId_.re-enrol",
        "routes/staff.reviews._index",
        "routes/staff.reviews.$reviewId",
        "routes/staff.approvals._index",
        "routes/staff.approvals.$approvalId",
        "routes/admin._index",
        "routes/admin.approvals.$approvalId",
        "routes/admin.audit._index",
        "routes/admin.audit[.]csv",
      ])
    );
  });

  const cases = permissionRoutes.flatMap((route) =>
    ROLES.map((role) => ({
      ...route,
      role,
      granted: ROLE_PERMISSIONS[role].includes(route.permission),
    }))
  );

  it.each(cases)(
    "$id as $role: in only if the role grants $permission",
    async ({ id, role, granted }) => {
      const module = build.routes[id]!.module as {
        loader?: (args: unknown) => unknown;
        action?: (args: unknown) => unknown;
      };
      const expected: Outcome = granted ? "allowed" : "denied";
      if (module.loader) {
        const person = await signedIn(role);
        const { url, params } = requestTarget(id);
        const before = await db()
          .selectFrom("audit_log")
          .select("seq")
          .where("action", "=", "access.refused")
          .execute();
        const result = await outcomeOf(() =>
          module.loader!({
            request: requestWithCookie(person.cookie, { url }),
            context: requestContext(),
            params,
          })
        );
        expect(
          result.outcome,
          `GET ${id} as ${role} answered ${result.status}`
        ).toBe(expected);
        const after = await db()
          .selectFrom("audit_log")
          .select("seq")
          .where("action", "=", "access.refused")
          .execute();
        expect(
          after.length - before.length,
          "a refusal is on record, an entry is not"
        ).toBe(granted ? 0 : 1);
      }
      if (module.action) {
        const person = await signedIn(role);
        const { url, params } = requestTarget(id);
        const request = requestWithCookie(person.cookie, {
          url,
          method: "POST",
          body: new URLSearchParams({ _csrf: person.csrf }),
          headers: {
            Origin: "http://localhost:3000",
            "Sec-Fetch-Site": "same-origin",
            "Content-Type": "application/x-www-form-urlencoded",
          },
        });
        const result = await outcomeOf(() =>
          module.action!({ request, context: requestContext(), params })
        );
        expect(
          result.outcome,
          `POST ${id} as ${role} answered ${result.status}`
        ).toBe(expected);
      }
    }
  );

  it.each(permissionRoutes)(
    "$id lets no one in who is not signed in",
    async ({ id }) => {
      const module = build.routes[id]!.module as {
        loader?: (args: unknown) => unknown;
        action?: (args: unknown) => unknown;
      };
      const { url, params } = requestTarget(id);
      if (module.loader) {
        const result = await outcomeOf(() =>
          module.loader!({
            request: new Request(url),
            context: requestContext(),
            params,
          })
        );
        expect(result.outcome).toBe("sign-in");
      } else {
        // An action-only route: with no session there is no token, so the forgery check refuses first.
        const post = new Request(url, {
          method: "POST",
          body: new URLSearchParams({ _csrf: "none" }),
          headers: {
            Origin: "http://localhost:3000",
            "Content-Type": "application/x-www-form-urlencoded",
          },
        });
        const result = await outcomeOf(() =>
          module.action!({ request: post, context: requestContext(), params })
        );
        expect(result.outcome).toBe("denied");
      }
    }
  );
});

/**
 * The staff actions themselves, with real records, as every role: done for exactly the roles
 * that hold the permission, 403 for the rest (nothing changes), 404 for a stranger's or unknown id.
 */
describe.each(testEngines())("role × staff action matrix on %s", (engine) => {
  useFreshDatabase(engine);
  const call = routeHarness({
    "routes/staff.customers.$customerId": customerRoute,
    "routes/staff.customers.$customerId_.re-enrol": reEnrolRoute,
    "routes/staff.reviews.$reviewId": reviewRoute,
    "routes/staff.approvals.$approvalId": decideRoute,
    "routes/admin._index": adminRoute,
  });

  async function person(role: Role) {
    const userId = await createUser({ displayName: `A ${role}`, email: `${crypto.randomUUID()}@example.com`, roles: [role] });
    return { userId, signed: await signIn(userId) };
  }

  async function openReview() {
    const card = await customerWithCard();
    const authorization = await insertAuthorization(card, { outcome: "declined", reason: "high_risk", risk_level: "high" });
    const id = crypto.randomUUID();
    await db()
      .insertInto("review_items")
      .values({ id, kind: "high_risk", card_id: card.cardId, customer_id: card.userId, authorization_id: authorization, status: "open", opened_at: new Date().toISOString(), resolved_at: null, resolved_by: null, note: null })
      .execute();
    return { ...card, reviewId: id };
  }

  async function pendingReEnrolment(proposerRole: Role = "support") {
    const card = await customerWithCard();
    const proposer = await person(proposerRole);
    await call("routes/staff.customers.$customerId_.re-enrol", "action", postRequest(proposer.signed, "/x", { reason: "Checked ID on a video call" }), { customerId: card.userId });
    const row = await db().selectFrom("approvals").select("id").where("subject_id", "=", card.userId).executeTakeFirstOrThrow();
    return { ...card, approvalId: row.id, proposer };
  }

  const actions: { name: string; roles: Role[]; run: (who: Awaited<ReturnType<typeof person>>, stranger: boolean) => Promise<{ status: number; changed: boolean }> }[] = [
    {
      name: "freeze a customer's card",
      roles: ["support", "supervisor"],
      run: async (who, stranger) => {
        const card = await customerWithCard();
        const other = await customerWithCard();
        const result = await call("routes/staff.customers.$customerId", "action", postRequest(who.signed, "/x", { intent: "freeze", card: stranger ? other.cardId : card.cardId }), { customerId: card.userId });
        const statuses = await db().selectFrom("cards").select("status").where("id", "in", [card.cardId, other.cardId]).execute();
        return { status: result.status, changed: statuses.some((row) => row.status === "frozen") };
      },
    },
    {
      name: "propose re-enrolment",
      roles: ["support", "supervisor"],
      run: async (who, stranger) => {
        const card = await customerWithCard();
        const target = stranger ? (await person("editor")).userId : card.userId;
        const result = await call("routes/staff.customers.$customerId_.re-enrol", "action", postRequest(who.signed, "/x", { reason: "Checked ID on a video call" }), { customerId: target });
        return { status: result.status, changed: (await db().selectFrom("approvals").select("id").where("subject_id", "=", target).execute()).length > 0 };
      },
    },
    {
      name: "assign a review case",
      roles: ["support", "supervisor"],
      run: async (who, stranger) => {
        const item = await openReview();
        const id = stranger ? crypto.randomUUID() : item.reviewId;
        const result = await call("routes/staff.reviews.$reviewId", "action", postRequest(who.signed, "/x", { intent: "assign" }), { reviewId: id });
        const row = await db().selectFrom("review_items").select("assigned_to").where("id", "=", item.reviewId).executeTakeFirstOrThrow();
        return { status: result.status, changed: row.assigned_to !== null };
      },
    },
    {
      name: "reject another person's proposal",
      roles: ["supervisor"],
      run: async (who, stranger) => {
        const pending = await pendingReEnrolment();
        const id = stranger ? crypto.randomUUID() : pending.approvalId;
        const result = await call("routes/staff.approvals.$approvalId", "action", postRequest(who.signed, "/x", { intent: "reject", comment: "Not enough checks" }), { approvalId: id });
        const row = await db().selectFrom("approvals").select("status").where("id", "=", pending.approvalId).executeTakeFirstOrThrow();
        return { status: result.status, changed: row.status !== "pending" };
      },
    },
    {
      name: "give a staff member the editor role",
      roles: ["admin"],
      run: async (who, stranger) => {
        const target = stranger ? (await customerWithCard()).userId : (await person("support")).userId;
        const result = await call("routes/admin._index", "action", postRequest(who.signed, "/admin", { intent: "grant", user: target, role: "editor" }), {});
        return { status: result.status, changed: (await db().selectFrom("user_roles").select("role").where("user_id", "=", target).where("role", "=", "editor").execute()).length > 0 };
      },
    },
  ];

  const cases = actions.flatMap((action) => ROLES.map((role) => ({ name: action.name, role, granted: action.roles.includes(role), run: action.run })));

  it.each(cases)("$name as $role", async ({ role, granted, run }) => {
    const who = await person(role);
    const own = await run(who, false);
    if (granted) {
      expect(own.status).toBeLessThan(400);
      expect(own.changed).toBe(true);
      // A stranger's or unknown id: 404, and nothing changed.
      expect(await run(who, true)).toEqual({ status: 404, changed: false });
    } else {
      expect(own).toEqual({ status: 403, changed: false });
    }
  });

  it("a supervisor's own proposal, an expired one and a decided one are refused through the route, and change nothing", async () => {
    const own = await pendingReEnrolment("supervisor");
    const mine = await call("routes/staff.approvals.$approvalId", "action", postRequest(own.proposer.signed, "/x", { intent: "reject", comment: "Changed my mind" }), { approvalId: own.approvalId });
    expect(mine.status).toBe(403);
    const checker = await person("supervisor");
    const expired = await pendingReEnrolment();
    await db().updateTable("approvals").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("id", "=", expired.approvalId).execute();
    expect((await call("routes/staff.approvals.$approvalId", "action", postRequest(checker.signed, "/x", { intent: "reject", comment: "Too late" }), { approvalId: expired.approvalId })).status).toBe(409);
    const decided = await pendingReEnrolment();
    expect((await call("routes/staff.approvals.$approvalId", "action", postRequest(checker.signed, "/x", { intent: "reject", comment: "Not enough checks" }), { approvalId: decided.approvalId })).status).toBe(302);
    expect((await call("routes/staff.approvals.$approvalId", "action", postRequest((await person("supervisor")).signed, "/x", { intent: "reject", comment: "No again" }), { approvalId: decided.approvalId })).status).toBe(409);
    const statuses = await db().selectFrom("approvals").select(["id", "status"]).where("id", "in", [own.approvalId, expired.approvalId, decided.approvalId]).execute();
    expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toEqual({ [own.approvalId]: "pending", [expired.approvalId]: "pending", [decided.approvalId]: "rejected" });
  });
});
