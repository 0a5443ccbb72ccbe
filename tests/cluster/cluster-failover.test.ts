import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { sealNow, verifyNow } from "../support/audit";
import { signNetworkRequest } from "../../app/authorization/network-signature.server";
import type { CardSettings } from "../../app/controls/card-settings";
import { setAppDatabase } from "../../app/db.server";
import { startSignedInSession } from "../../app/session/session.server";
import { startCluster, type Cluster } from "../../app/ops/cluster/local-cluster.server";
import { openDatabase, type DatabaseHandle } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { customerWithCard } from "../support/banking-fixtures";
import { requestContext } from "../support/request-context";
import { TEST_SECRETS, testEnv } from "../support/test-env";

/**
 * SLOW, REAL PROCESSES: three production instances on PostgreSQL behind a real HAProxy on
 * loopback (ports 4110–4113; E2E_PORT_BASE moves them), under a bounded load of signed payments,
 * signed-in page views and API POSTs that are not safe to retry. About a minute; needs the build,
 * HAProxy and TEST_DATABASE_URL (tests/run-all.sh runs it after the build).
 */
const PORT = Number(process.env.E2E_PORT_BASE ?? 4100) + 10;
const WORKERS = 6;
const [CLIENT_ID, SECRET] = TEST_SECRETS.NETWORK_CLIENT_KEYS.split(":") as [string, string];

type Kind = "page" | "payment" | "unsafe-post";
interface Outcome {
  kind: Kind;
  ok: boolean;
  detail: string;
}

const noLimits = (s: CardSettings) => {
  s.limits = { perPayment: null, daily: null, weekly: null, monthly: null, channelDaily: { in_store: null, online: null, atm: null, contactless: null } };
};

function signedPayment(token: string, idempotencyKey: string | null) {
  const body = JSON.stringify({ card_token: token, amount_minor: 1_00 + crypto.randomInt(500), currency: "GBP", mcc: "5411", country: "GB", channel: "in_store", merchant: { id: `m-${crypto.randomUUID()}`, name: "Cluster Grocer" } });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { "Content-Type": "application/json", "X-Client-Id": CLIENT_ID, "X-Timestamp": timestamp, "X-Signature": signNetworkRequest(SECRET, timestamp, body) };
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  return { method: "POST", headers, body };
}

/**
 * Workers loop until `stop()` (or the request cap) and record every answer. Payments that were
 * answered are sometimes sent again with the same key, as a network retries; that must return
 * the first answer, never a second authorization.
 */
function runLoad(url: string, tokens: string[], cookie: string) {
  const outcomes: Outcome[] = [];
  const approved = new Map<string, string>();
  const inFlight = { "unsafe-post": 0 };
  let running = true;
  let sent = 0;
  const once = async (kind: Kind, path: string, init: RequestInit): Promise<Response | null> => {
    if (kind === "unsafe-post") inFlight["unsafe-post"] += 1;
    try {
      const response = await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
      return response;
    } catch (error) {
      outcomes.push({ kind, ok: false, detail: error instanceof Error ? error.message : String(error) });
      return null;
    } finally {
      if (kind === "unsafe-post") inFlight["unsafe-post"] -= 1;
    }
  };
  const worker = async (n: number) => {
    for (let i = 0; running && sent < 20_000; i += 1) {
      sent += 1;
      const choice = (n + i) % 5;
      if (choice < 2) {
        const response = await once("page", "/accounts", { headers: { Cookie: cookie } });
        if (response) {
          const text = await response.text();
          outcomes.push({ kind: "page", ok: response.status === 200 && text.includes("Accounts"), detail: `GET /accounts ${response.status}` });
        }
      } else if (choice < 4) {
        const key = crypto.randomUUID();
        const request = signedPayment(tokens[crypto.randomInt(tokens.length)] as string, key);
        const response = await once("payment", "/api/v1/authorizations", request);
        if (!response) continue;
        const answer = (await response.json().catch(() => ({}))) as { decision?: string; authorization_id?: string };
        outcomes.push({ kind: "payment", ok: response.status === 200 && answer.decision === "approve", detail: `payment ${response.status} ${JSON.stringify(answer).slice(0, 120)}` });
        if (answer.decision === "approve" && answer.authorization_id) approved.set(key, answer.authorization_id);
        if (response.status === 200 && i % 4 === 0) {
          // The same signed request again, as after a lost answer: the first answer, no second charge.
          const again = await once("payment", "/api/v1/authorizations", request);
          if (!again) continue;
          const second = (await again.json().catch(() => ({}))) as { authorization_id?: string };
          outcomes.push({ kind: "payment", ok: again.status === 200 && second.authorization_id === answer.authorization_id, detail: `retry ${again.status} ${JSON.stringify(second).slice(0, 120)}` });
        }
      } else {
        // Signed, but without an Idempotency-Key: the app refuses it (400), and the proxy must
        // not send it twice. Only these may fail when their instance dies under them.
        const response = await once("unsafe-post", "/api/v1/authorizations", signedPayment(tokens[0] as string, null));
        if (response) outcomes.push({ kind: "unsafe-post", ok: response.status === 400, detail: `unsafe POST ${response.status}` });
      }
    }
  };
  const done = Promise.all(Array.from({ length: WORKERS }, (_, n) => worker(n)));
  return {
    outcomes,
    approved,
    inFlight,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL as string;
  const name = `strongroom_cluster_${crypto.randomBytes(5).toString("hex")}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  // The name is generated from hex above; DDL has no builder.
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function answers(load: { outcomes: Outcome[] }, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (load.outcomes.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

const summary = (outcomes: Outcome[]) => {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[`${o.kind} ${o.ok ? "ok" : "FAILED"}`] = (counts[`${o.kind} ${o.ok ? "ok" : "FAILED"}`] ?? 0) + 1;
  return counts;
};

describe("cluster failover: 3 instances behind HAProxy on PostgreSQL (slow: real processes, ~1 min)", () => {
  let database: { url: string; drop: () => Promise<void> };
  let handle: DatabaseHandle;
  let cluster: Cluster;
  let tokens: string[];
  let cookie: string;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-cluster-"));

  beforeAll(async () => {
    testEnv();
    database = await createDatabase();
    handle = openDatabase(database.url, { poolSize: 4 });
    setAppDatabase(handle);
    await migrateToLatest(handle.db);
    const cards = [];
    for (let i = 0; i < 20; i += 1) cards.push(await customerWithCard({ availableMinor: 1_000_000_000_00, settings: noLimits }));
    tokens = cards.map((card) => card.token);
    const context = requestContext({ userAgent: "cluster test" });
    await startSignedInSession(new Request(`http://localhost:${PORT}/`), context, cards[0]!.userId);
    cookie = context.cookies.at(-1)!.split(";")[0]!;
    cluster = await startCluster({
      instances: 3,
      port: PORT,
      stateDir,
      databaseUrl: database.url,
      env: { ...TEST_SECRETS, NODE_ENV: "production", ACCESS_LOG: "off", SHUTDOWN_TIMEOUT_MS: "10000" },
      log: () => undefined,
      restartCrashed: true,
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await handle?.close();
    await database?.drop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);

  async function expectEveryApprovalOnce(approved: Map<string, string>) {
    const rows = await handle.db.selectFrom("authorizations").select(["id", "idempotency_key", "outcome"]).where("client_id", "=", CLIENT_ID).execute();
    const byKey = new Map<string, string[]>();
    for (const row of rows) byKey.set(row.idempotency_key, [...(byKey.get(row.idempotency_key) ?? []), row.id]);
    expect([...byKey.values()].filter((ids) => ids.length > 1)).toEqual([]);
    for (const [key, id] of approved) expect(byKey.get(key)).toEqual([id]);
  }

  it("takes the client's address from the proxy's X-Forwarded-For, never from one the client forged", async () => {
    const response = await fetch(`${cluster.url}/api/v1/authorizations`, { method: "POST", headers: { "Content-Type": "application/json", "X-Forwarded-For": "203.0.113.66", "X-Client-Id": "nobody" }, body: "{}" });
    expect(response.status).toBe(401);
    // Refusals are counted in memory and written once a minute (one row per client and address),
    // so the row arrives when the minute in progress has ended.
    const deadline = Date.now() + 75_000;
    let rows: { ip: string | null }[] = [];
    while (Date.now() < deadline) {
      rows = await handle.db.selectFrom("audit_log").select(["ip"]).where("action", "=", "api.signature_rejected").execute();
      if (rows.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(rows.map((row) => row.ip)).toEqual(["127.0.0.1"]);
  }, 120_000);

  it("survives kill -9 of one instance mid-load: only unsafe requests in flight to it may fail", async () => {
    const load = runLoad(cluster.url, tokens, cookie);
    // Counted in answers, not seconds: on a busy machine the same test just takes longer.
    await answers(load, 30, 30_000);
    const victim = cluster.instances[1]!;
    const unsafeInFlightAtKill = load.inFlight["unsafe-post"];
    const answeredAtKill = load.outcomes.length;
    victim.process.kill("SIGKILL");
    await answers(load, answeredAtKill + 60, 60_000);
    await load.stop();

    const failures = load.outcomes.filter((o) => !o.ok);
    const counts = summary(load.outcomes);
    expect(failures.filter((o) => o.kind !== "unsafe-post"), JSON.stringify(counts)).toEqual([]);
    // At most the unsafe POSTs that were in flight (to any instance) when the instance died.
    expect(failures.length).toBeLessThanOrEqual(unsafeInFlightAtKill);
    expect(counts["payment ok"]).toBeGreaterThan(10);
    expect(counts["page ok"]).toBeGreaterThan(10);
    await expectEveryApprovalOnce(load.approved);
    await sealNow(handle);
    expect((await verifyNow(handle.db)).ok).toBe(true);
    // The crashed instance is restarted and rejoins the rotation.
    await vi.waitFor(async () => expect(Object.values(await cluster.serverStates())).toEqual(["UP", "UP", "UP"]), { timeout: 30_000, interval: 250 });
  }, 90_000);

  it("rolls every instance under the same load with zero failed requests", async () => {
    const load = runLoad(cluster.url, tokens, cookie);
    await answers(load, 20, 30_000);
    await cluster.roll();
    const answeredAtEnd = load.outcomes.length;
    await answers(load, answeredAtEnd + 20, 30_000);
    await load.stop();
    const counts = summary(load.outcomes);
    expect(load.outcomes.filter((o) => !o.ok), JSON.stringify(counts)).toEqual([]);
    expect(counts["unsafe-post ok"]).toBeGreaterThan(5);
    await expectEveryApprovalOnce(load.approved);
    await sealNow(handle);
    expect((await verifyNow(handle.db)).ok).toBe(true);
    expect(Object.values(await cluster.serverStates())).toEqual(["UP", "UP", "UP"]);
  }, 180_000);
});
