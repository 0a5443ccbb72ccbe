import crypto from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "kysely";
import { enforceRoutePolicies } from "../../app/access/enforce-route-policies.server";
import { routePolicies } from "../../app/access/route-policies";
import { flushNetworkRefusals, MAX_SOURCES_PER_MINUTE, noteRefusedRequest, REFUSALS_PER_ADDRESS_PER_MINUTE } from "../../app/authorization/network-refusals.server";
import { signNetworkRequest } from "../../app/authorization/network-signature.server";
import { database, db, setAppDatabase } from "../../app/db.server";
import * as apiRoute from "../../app/routes/api.v1.authorizations";
import type { DatabaseHandle } from "../../db/connection";
import { customerWithCard } from "../support/banking-fixtures";
import { requestContext } from "../support/request-context";
import { TEST_SECRETS } from "../support/test-env";
import { testEngines, useFreshDatabase } from "../support/test-database";

const [CLIENT_ID, SECRET] = TEST_SECRETS.NETWORK_CLIENT_KEYS.split(":") as [string, string];
const URL = "http://localhost:3000/api/v1/authorizations";
const ROUTE = "routes/api.v1.authorizations";

// The real route module behind the real policy wrapper: statuses are what a client sees.
const build = enforceRoutePolicies({ routes: { [ROUTE]: { id: ROUTE, path: "api/v1/authorizations", module: apiRoute } } } as unknown as ServerBuild, routePolicies, {
  production: true,
  log: () => undefined,
});

function payment(token: string, overrides: Record<string, unknown> = {}) {
  return { card_token: token, amount_minor: 10_00, currency: "GBP", mcc: "5411", country: "GB", channel: "in_store", merchant: { id: "m-grocer", name: "Corner Grocer" }, ...overrides };
}

function signed(body: string, init: { method?: string; contentType?: string | null; secret?: string; client?: string } = {}): Request {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    "X-Client-Id": init.client ?? CLIENT_ID,
    "X-Timestamp": timestamp,
    "X-Signature": signNetworkRequest(init.secret ?? SECRET, timestamp, body),
    "Idempotency-Key": crypto.randomUUID(),
  };
  if (init.contentType !== null) headers["Content-Type"] = init.contentType ?? "application/json";
  return new Request(URL, { method: init.method ?? "POST", headers, body });
}

async function send(request: Request, ip = "203.0.113.7") {
  const kind = request.method === "GET" || request.method === "HEAD" ? "loader" : "action";
  let response: Response;
  try {
    response = (await (build.routes[ROUTE]!.module[kind] as (args: unknown) => Promise<Response>)({ request, context: requestContext({ ip }), params: {} })) as Response;
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

async function rowCount(table: "authorizations" | "audit_log" | "api_request_signatures" | "rate_limits") {
  return Number((await db().selectFrom(table).select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow()).n);
}

describe.each(testEngines())("card-network API boundary on %s", (engine) => {
  useFreshDatabase(engine);
  afterEach(async () => {
    await flushNetworkRefusals({ includeCurrent: true });
  });

  it.each(["XX", "ZZ", "UK", "SP", "EU", "gb"])("refuses country %s with a 400 problem and decides nothing", async (country) => {
    const { token, cardId } = await customerWithCard();
    const result = await send(signed(JSON.stringify(payment(token, { country }))));
    expect(result.status).toBe(400);
    expect(result.headers.get("Content-Type")).toContain("application/problem+json");
    expect(result.body.errors).toHaveProperty("country");
    expect(await db().selectFrom("authorizations").select("id").where("card_id", "=", cardId).execute()).toEqual([]);
  });

  it("accepts every assigned code, XK (Kosovo, as card networks send it) included", async () => {
    const { token } = await customerWithCard();
    for (const country of ["ES", "XK", "AX"]) {
      const result = await send(signed(JSON.stringify(payment(token, { country }))));
      expect(result.status).toBe(200);
    }
  });

  it.each(["PUT", "PATCH", "DELETE"])("answers a correctly signed %s with 405 and Allow: POST, and authorises nothing", async (method) => {
    const { token, cardId } = await customerWithCard();
    const result = await send(signed(JSON.stringify(payment(token)), { method }));
    expect(result.status).toBe(405);
    expect(result.headers.get("Allow")).toBe("POST");
    expect(await db().selectFrom("authorizations").select("id").where("card_id", "=", cardId).execute()).toEqual([]);
  });

  it("answers GET with 405 and Allow: POST", async () => {
    const result = await send(new Request(URL));
    expect(result.status).toBe(405);
    expect(result.headers.get("Allow")).toBe("POST");
  });

  it.each([
    ["text/plain", "text/plain"],
    ["a form", "application/x-www-form-urlencoded"],
    ["no content type", null],
    ["a JSON-like type", "application/json-patch+json"],
    ["a charset other than UTF-8", "application/json; charset=latin1"],
  ])("answers a correctly signed body sent as %s with 415, and authorises nothing", async (_label, contentType) => {
    const { token, cardId } = await customerWithCard();
    const result = await send(signed(JSON.stringify(payment(token)), { contentType }));
    expect(result.status).toBe(415);
    expect(await db().selectFrom("authorizations").select("id").where("card_id", "=", cardId).execute()).toEqual([]);
  });

  it("takes application/json with a UTF-8 charset in any case", async () => {
    const { token } = await customerWithCard();
    expect((await send(signed(JSON.stringify(payment(token)), { contentType: "Application/JSON; charset=UTF-8" }))).status).toBe(200);
  });

  it("refuses unsigned and forged requests without touching the database", async () => {
    const { token } = await customerWithCard();
    const real = database();
    // Any use of the database during the flood throws, and the request would then fail.
    const untouchable = new Proxy({}, { get: () => { throw new Error("the database was touched by a refused request"); } });
    setAppDatabase({ ...real, db: untouchable } as unknown as DatabaseHandle);
    const statuses = new Set<number>();
    try {
      for (let i = 0; i < 300; i += 1) {
        const body = JSON.stringify(payment(token, { amount_minor: 100 + i }));
        const request =
          i % 3 === 0 ? signed(body, { secret: "not-the-secret-0000000000000000000000" }) : i % 3 === 1 ? signed(body, { client: `stranger-${i}` }) : new Request(URL, { method: "POST", headers: { "Content-Type": "application/json" }, body });
        statuses.add((await send(request, `198.51.100.${i % 3}`)).status);
      }
    } finally {
      setAppDatabase(real);
    }
    // 429 too once an address passes its budget (unless a minute boundary split the flood).
    expect(statuses.has(401)).toBe(true);
    expect([...statuses].every((status) => status === 401 || status === 429)).toBe(true);
  });

  it("records an unsigned flood of 2,000 as at most one audit row per client and address a minute, while signed payments go through", async () => {
    const { token, cardId } = await customerWithCard();
    const auditBefore = await rowCount("audit_log");
    const seqBefore = (await db().selectFrom("audit_log").select(sql<number>`max(seq)`.as("seq")).executeTakeFirstOrThrow()).seq ?? 0;
    const addresses = ["198.51.100.10", "198.51.100.11", "203.0.113.7"];
    const statuses: Record<number, number> = {};
    let answered = 0;
    for (let i = 0; i < 2_000; i += 1) {
      const ip = addresses[i % addresses.length]!;
      const body = JSON.stringify(payment(token, { amount_minor: 1 + i }));
      const forged = i % 2 === 0 ? signed(body, { secret: "not-the-secret-0000000000000000000000" }) : signed(body, { client: "someone-else" });
      const refused = await send(forged, ip);
      statuses[refused.status] = (statuses[refused.status] ?? 0) + 1;
      // The network's own payments, from the very address the flood comes from.
      if (i % 100 === 0) {
        const answer = await send(signed(JSON.stringify(payment(token, { amount_minor: 5_00 + i }))), "203.0.113.7");
        expect(answer.status).toBe(200);
        expect(answer.body.decision).toMatch(/^(approve|decline)$/);
        answered += 1;
      }
    }
    expect(answered).toBe(20);
    expect((statuses[401] ?? 0) + (statuses[429] ?? 0)).toBe(2_000);
    // Past the per-address budget the refusal says when to come back.
    expect(statuses[429]).toBeGreaterThan(0);
    expect(statuses[401]).toBeGreaterThanOrEqual(REFUSALS_PER_ADDRESS_PER_MINUTE * addresses.length);
    // Only the 20 payments wrote audit rows so far.
    expect(await rowCount("audit_log")).toBe(auditBefore + 20);
    expect(await db().selectFrom("authorizations").select("id").where("card_id", "=", cardId).execute()).toHaveLength(20);

    await flushNetworkRefusals({ includeCurrent: true });
    const rows = await db().selectFrom("audit_log").select(["ip", "details"]).where("action", "=", "api.signature_rejected").where("seq", ">", seqBefore).execute();
    const perPairAndMinute = new Map<string, number>();
    let total = 0;
    for (const row of rows) {
      const details = JSON.parse(row.details) as { client: string | null; minute: string; count: number };
      const key = `${details.client}|${row.ip}|${details.minute}`;
      perPairAndMinute.set(key, (perPairAndMinute.get(key) ?? 0) + 1);
      total += details.count;
    }
    expect([...perPairAndMinute.values()].every((n) => n === 1)).toBe(true);
    // Two claims (our client with a bad signature, an unknown client) from three addresses; a
    // minute boundary during the run may split a pair into two minutes.
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.length).toBeLessThanOrEqual(12);
    expect(total).toBe(2_000);
  });

  it("keeps its memory bounded when the flood comes from ever new addresses", async () => {
    const at = new Date();
    for (let i = 0; i < MAX_SOURCES_PER_MINUTE * 3; i += 1) noteRefusedRequest({ clientId: null, ip: `2001:db8::${i.toString(16)}` }, "unknown_client", at);
    const written = await flushNetworkRefusals({ includeCurrent: true });
    expect(written).toBeLessThanOrEqual(MAX_SOURCES_PER_MINUTE + 1);
    const rows = await db().selectFrom("audit_log").select("details").where("action", "=", "api.signature_rejected").where("ip", "is", null).execute();
    expect(rows.map((row) => (JSON.parse(row.details) as { count: number }).count).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(MAX_SOURCES_PER_MINUTE * 2);
  });
});
