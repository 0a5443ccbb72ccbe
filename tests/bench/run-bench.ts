import { execSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import type { Kysely } from "kysely";
import { signNetworkRequest } from "../../app/authorization/network-signature.server";
import type { CardSettings } from "../../app/controls/card-settings";
import { db, setAppDatabase } from "../../app/db.server";
import { startSignedInSession } from "../../app/session/session.server";
import { findUserIdByEmail } from "../../app/users/users.server";
import { openDatabase } from "../../db/connection";
import type { Database } from "../../db/schema";
import { customerWithCard } from "../support/banking-fixtures";
import { requestContext } from "../support/request-context";
import { TEST_SECRETS, TEST_SQLITE_KEY, testEnv } from "../support/test-env";
import { firstLoadJsByRoute } from "../support/first-load-js";
import { clusterDecisions, demoRestoreRto, sqliteEncryptionCost } from "./operations-bench";

/**
 * npm run bench: the production build, measured with autocannon (50 connections, 10 s each)
 * beside bare routes of the same server in the same run, so the figures are ratios that
 * mean something on any machine. Needs a build (made if missing) and, for the PostgreSQL
 * half, a server at BENCH_DATABASE_URL / TEST_DATABASE_URL (default local postgres).
 */
const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const ARTIFACTS = "tests/.artifacts";
const [CLIENT_ID, SECRET] = TEST_SECRETS.NETWORK_CLIENT_KEYS.split(":") as [string, string];
// The decision workload: payments spread over many cards that each have a month of history,
// as a card network sends them; and, as a worst case, the same load on a few hot cards.
const POPULATION = 1_000;
const HISTORY_PER_CARD = 60;
const HOT_CARDS = 20;
// Several checkouts on one machine can bench at once when each picks its own ports.
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 3400);

interface Figure {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

// BENCH_ONLY=decisions (a comma list of measurement names' first words) narrows a run while profiling.
const ONLY = process.env.BENCH_ONLY?.split(",") ?? null;
const SKIPPED: Figure = { name: "skipped", rps: Number.NaN, p50: Number.NaN, p99: Number.NaN, errors: 0 };

/** CPU seconds (user + system) used so far by the processes whose command line matches. */
function cpuSeconds(match: (cmdline: string, pid: number) => boolean): number {
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (!match(cmdline, pid)) continue;
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks / 100;
}

let serverPid = 0;
const cpuOf = {
  server: () => cpuSeconds((_cmd, pid) => pid === serverPid),
  postgres: () => cpuSeconds((cmd) => cmd.startsWith("postgres")),
  generator: () => cpuSeconds((_cmd, pid) => pid === process.pid),
};

async function measure(name: string, options: Parameters<typeof autocannon>[0], connections = CONNECTIONS): Promise<Figure> {
  if (ONLY && !ONLY.some((word) => name.toLowerCase().includes(word))) return SKIPPED;
  // Every measurement, bare routes included, first runs unmeasured, so JIT compilation and
  // connection set-up are not counted against any one route.
  if (WARMUP > 0) await autocannon({ connections, duration: WARMUP, ...options });
  const before = { server: cpuOf.server(), postgres: cpuOf.postgres(), generator: cpuOf.generator() };
  const result = await autocannon({ connections, duration: DURATION, ...options });
  if (process.env.BENCH_CPU) {
    const per = (key: keyof typeof before) => ((1e6 * (cpuOf[key]() - before[key])) / result.requests.total).toFixed(0);
    process.stdout.write(`    CPU per request: server ${per("server")} µs, postgres ${per("postgres")} µs, load generator ${per("generator")} µs\n`);
  }
  const figure = { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors + result.timeouts };
  process.stdout.write(`  ${name.padEnd(44)} ${figure.rps.toFixed(0).padStart(7)} req/s   p50 ${String(figure.p50).padStart(4)} ms   p99 ${String(figure.p99).padStart(4)} ms${figure.errors ? `   (${figure.errors} non-2xx/errors)` : ""}\n`);
  return figure;
}

async function startServer(port: number, databaseUrl: string): Promise<ChildProcess> {
  // BENCH_PROFILE=1 writes a V8 CPU profile of the server to tests/.artifacts on exit.
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${ARTIFACTS}`] : [];
  const child = spawn(process.execPath, [...profile, "build/index.js"], {
    // Production mode (React's production build, no dev routes) plus the two yardstick routes.
    env: {
      ...process.env,
      ...TEST_SECRETS,
      NODE_ENV: "production",
      SEED_DEMO_DATA: "1",
      BENCH_ROUTES: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      ORIGINS: `http://localhost:${port}`,
      ACCESS_LOG: "off",
      DATABASE_URL: databaseUrl,
      AUDIT_WITNESS_FILE: path.join(ARTIFACTS, `bench-witness-${port}.jsonl`),
    },
    // The server's own log (the audit sequencer's errors among it) is kept: a figure is only
    // trusted once its log has been read.
    stdio: ["ignore", fs.openSync(path.join(ARTIFACTS, `bench-server-${port}.log`), "w"), "inherit"],
  });
  serverPid = child.pid ?? 0;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill();
  throw new Error(`server on ${port} did not start`);
}

function paymentRequests(tokens: string[], label: string) {
  let counter = 0;
  return [
    {
      method: "POST",
      path: "/api/v1/authorizations",
      setupRequest: (request: { headers?: Record<string, string>; body?: string }) => {
        counter += 1;
        const body = JSON.stringify({
          card_token: tokens[counter % tokens.length],
          amount_minor: 1_00 + (counter % 500),
          currency: "GBP",
          mcc: "5411",
          country: "GB",
          channel: "in_store",
          merchant: { id: `bench-${label}-${counter}`, name: "Bench Grocer" },
        });
        const timestamp = String(Math.floor(Date.now() / 1000));
        return {
          ...request,
          body,
          headers: {
            "Content-Type": "application/json",
            "X-Client-Id": CLIENT_ID,
            "X-Timestamp": timestamp,
            "X-Signature": signNetworkRequest(SECRET, timestamp, body),
            "Idempotency-Key": `bench-${process.pid}-${label}-${counter}`,
          },
        };
      },
    },
  ];
}

const noLimits = (s: CardSettings) => {
  s.limits = { perPayment: null, daily: null, weekly: null, monthly: null, channelDaily: { in_store: null, online: null, atm: null, contactless: null } };
};

/**
 * A month of approved payments on a card, spread over the last 30 days, so each decision's
 * spend sums read what a real card's would (a busy card makes a few payments a day).
 */
async function giveHistory(cards: { cardId: string; accountId: string }[], perCard: number) {
  const now = Date.now();
  const rows = cards.flatMap(({ cardId, accountId }) =>
    Array.from({ length: perCard }, (_, i) => {
      const amount = 5_00 + ((i * 7919) % 9_000);
      return {
        id: crypto.randomUUID(),
        card_id: cardId,
        account_id: accountId,
        client_id: "history",
        idempotency_key: crypto.randomUUID(),
        request_hash: "history",
        created_at: new Date(now - Math.floor(((i + 0.5) / perCard) * 30 * 86_400_000)).toISOString(),
        amount_minor: amount,
        currency: "GBP",
        original_amount_minor: amount,
        original_currency: "GBP",
        merchant_name: "History Grocer",
        merchant_id: `history-${i}`,
        mcc: "5411",
        country: "GB",
        channel: i % 3 === 0 ? "online" : "in_store",
        outcome: "approved" as const,
        reason: "approved",
        risk_score: 0,
        risk_level: "low" as const,
        risk_signals: "[]",
        flagged: 0,
        customer_response: null,
        responded_at: null,
        signature: null,
      };
    }),
  );
  for (let i = 0; i < rows.length; i += 500) await db().insertInto("authorizations").values(rows.slice(i, i + 500)).execute();
}

async function prepareData(databaseUrl: string) {
  const handle = openDatabase(databaseUrl, { poolSize: 4, key: TEST_SQLITE_KEY });
  setAppDatabase(handle);
  const population = [];
  for (let i = 0; i < POPULATION; i += 1) population.push(await customerWithCard({ availableMinor: 1_000_000_000_00, settings: noLimits }));
  await giveHistory(population, HISTORY_PER_CARD);
  const hot = [];
  for (let i = 0; i < HOT_CARDS; i += 1) hot.push(await customerWithCard({ availableMinor: 1_000_000_000_00, settings: noLimits }));
  const aliceId = await findUserIdByEmail("alice@example.com");
  if (!aliceId) throw new Error("demo customer missing: the server seeds on first start");
  const context = requestContext({ userAgent: "autocannon" });
  await startSignedInSession(new Request("http://localhost/"), context, aliceId);
  const cookie = context.cookies.at(-1)!.split(";")[0]!;
  return { tokens: population.map((card) => card.token), hotTokens: hot.map((card) => card.token), cookie, db: handle.db, close: () => handle.close() };
}

/**
 * Seconds from an audit entry's writing to its sealing by the server's sequencer, over the
 * decision measurements (waits up to 15 s for the sequencer to catch up first).
 */
async function sealingLag(db: Kysely<Database>, since: string): Promise<{ p50: number; p99: number; unsealed: number } | null> {
  const rows = async () =>
    db.selectFrom("audit_log").leftJoin("audit_leaves", "audit_leaves.audit_seq", "audit_log.seq").select(["audit_log.at", "audit_leaves.sealed_at"]).where("audit_log.at", ">=", since).execute();
  let entries = await rows();
  for (let wait = 0; wait < 30 && entries.some((row) => row.sealed_at === null); wait += 1) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    entries = await rows();
  }
  const lags = entries.filter((row) => row.sealed_at !== null).map((row) => (Date.parse(row.sealed_at as string) - Date.parse(row.at)) / 1000).sort((a, b) => a - b);
  if (lags.length === 0) return null;
  const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] as number;
  return { p50: at(0.5), p99: at(0.99), unsealed: entries.length - lags.length };
}

async function engineRun(label: string, port: number, databaseUrl: string) {
  process.stdout.write(`\n${label}\n`);
  const server = await startServer(port, databaseUrl);
  try {
    const data = await prepareData(databaseUrl);
    const url = `http://127.0.0.1:${port}`;
    const bareJson = await measure("bare JSON resource route", { url: `${url}/dev/bench/json` });
    const decisionsFrom = new Date().toISOString();
    const decisions = await measure(`authorization decisions (${POPULATION} cards)`, { url, requests: paymentRequests(data.tokens, "spread") });
    // Does throughput hold as connections rise? (With one global audit lock it fell.)
    const byConnections: Figure[] = [];
    for (const connections of [1, 8, 32]) byConnections.push(await measure(`  decisions at ${connections} connection${connections > 1 ? "s" : ""}`, { url, requests: paymentRequests(data.tokens, `c${connections}`) }, connections));
    const lag = await sealingLag(data.db, decisionsFrom);
    await measure(`  decisions, worst case: ${HOT_CARDS} hot cards`, { url, requests: paymentRequests(data.hotTokens, "hot") });
    const hello = await measure("bare hello-world page", { url: `${url}/dev/bench/hello` });
    const accounts = await measure("signed-in accounts page", { url: `${url}/accounts`, headers: { Cookie: data.cookie } });
    let guide: Figure | null = null;
    const guideProbe = await fetch(`${url}/security/guides/recognising-phishing`);
    if (guideProbe.ok) guide = await measure("cached guide page", { url: `${url}/security/guides/recognising-phishing` });
    await data.close();
    return { bareJson, decisions, byConnections, lag, hello, accounts, guide };
  } finally {
    await stopServer(server);
  }
}

/** Stops a server and waits for it to finish its graceful shutdown, before its database is dropped. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill();
  await exited;
}

async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `strongroom_bench_${crypto.randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  try {
    await client.connect();
  } catch {
    return null;
  }
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)} %`;

/**
 * Operations figures (tests/bench/operations-bench.ts): decisions through HAProxy with three
 * instances beside one instance direct, the cost of SQLite encryption, the demo restore's RTO.
 */
async function reportOperations() {
  const helpers = { measure, paymentRequests, giveHistory, freshPostgres };
  const cluster = process.env.BENCH_ENGINES === "sqlite" ? null : await clusterDecisions(helpers, Number(process.env.BENCH_CLUSTER_PORT ?? 3410));
  const cipher = await sqliteEncryptionCost(helpers, DURATION);
  const restores = await demoRestoreRto(helpers);
  process.stdout.write("\nOperations\n");
  if (cluster) process.stdout.write(`  decisions through HAProxy (3 instances) / 1 instance direct, PostgreSQL   ${pct(cluster.proxied.rps, cluster.direct.rps)}  (${cluster.proxied.rps.toFixed(0)} vs ${cluster.direct.rps.toFixed(0)} req/s; p99 ${cluster.proxied.p99} vs ${cluster.direct.p99} ms)\n`);
  process.stdout.write(`  SQLite decisions encrypted / plain (in process)                          ${pct(cipher.encrypted, cipher.plain)}  (${cipher.encrypted.toFixed(0)} vs ${cipher.plain.toFixed(0)} decisions/s)\n`);
  for (const restore of restores) process.stdout.write(`  restore rehearsal RTO, demo database on ${restore.engine.padEnd(8)}                           ${restore.rtoSeconds.toFixed(2)} s  (${restore.rows} rows, ${restore.megabytes.toFixed(1)} MB)\n`);
}

async function main() {
  testEnv();
  if (!fs.existsSync("build/index.js") || !fs.existsSync("build/guide-worker.js")) execSync("npm run build", { stdio: "inherit" });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // BENCH_PARTS=operations runs only the cluster, encryption and restore figures.
  if (process.env.BENCH_PARTS === "operations") return reportOperations();
  const sqliteFile = path.join(ARTIFACTS, `bench-${Date.now()}.sqlite`);
  process.stdout.write(`Strongroom benchmark: ${CONNECTIONS} connections, ${DURATION} s per measurement after ${WARMUP} s of warm-up, production build\n`);

  const sqlite = await engineRun("SQLite", PORT_BASE + 1, `file:${sqliteFile}`);
  // BENCH_ENGINES=sqlite skips the PostgreSQL half (quicker while iterating).
  const postgres = process.env.BENCH_ENGINES === "sqlite" ? null : await freshPostgres();
  let pgRun: Awaited<ReturnType<typeof engineRun>> | null = null;
  if (postgres) {
    try {
      pgRun = await engineRun("PostgreSQL", PORT_BASE + 2, postgres.url);
    } finally {
      await postgres.drop();
    }
  } else {
    process.stdout.write("\nPostgreSQL not reachable: skipped.\n");
  }
  fs.rmSync(sqliteFile, { force: true });
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${sqliteFile}${suffix}`, { force: true });

  process.stdout.write("\nRatios (targets in brackets)\n");
  process.stdout.write(`  decisions / bare JSON, SQLite       ${pct(sqlite.decisions.rps, sqlite.bareJson.rps)}  [>= 50 %], p99 ${sqlite.decisions.p99} ms [< 50 ms]\n`);
  if (pgRun) process.stdout.write(`  decisions / bare JSON, PostgreSQL   ${pct(pgRun.decisions.rps, pgRun.bareJson.rps)}  [>= 35 %], p99 ${pgRun.decisions.p99} ms [< 50 ms]\n`);
  for (const run of [{ label: "SQLite", figures: sqlite }, ...(pgRun ? [{ label: "PostgreSQL", figures: pgRun }] : [])]) {
    const [one, eight, thirtyTwo] = run.figures.byConnections.map((figure) => figure.rps.toFixed(0));
    process.stdout.write(`  decisions/s at 1 / 8 / 32 connections, ${run.label.padEnd(10)} ${one} / ${eight} / ${thirtyTwo}  [does not fall]\n`);
    const lag = run.figures.lag;
    process.stdout.write(`  audit sealing lag, ${run.label.padEnd(10)}              ${lag ? `p50 ${lag.p50.toFixed(2)} s, p99 ${lag.p99.toFixed(2)} s${lag.unsealed ? ` (${lag.unsealed} still unsealed after 15 s: read tests/.artifacts/bench-server-*.log)` : ""}` : "no entries"}\n`);
  }
  process.stdout.write(`  accounts page / hello page, SQLite  ${pct(sqlite.accounts.rps, sqlite.hello.rps)}  [>= 60 %]\n`);
  if (sqlite.guide) process.stdout.write(`  cached guide / hello page, SQLite   ${pct(sqlite.guide.rps, sqlite.hello.rps)}  [>= 80 %]\n`);
  try {
    const firstLoad = [...firstLoadJsByRoute()].sort((a, b) => b[1] - a[1]);
    for (const [routeId, bytes] of firstLoad.slice(0, 8)) process.stdout.write(`  first-load JS ${routeId.padEnd(36)} ${(bytes / 1024).toFixed(1)} KB gzip  [<= 100 KB]\n`);
    process.stdout.write(`  first-load JS, the other ${firstLoad.length - 8} routes  <= ${((firstLoad[8]?.[1] ?? 0) / 1024).toFixed(1)} KB gzip\n`);
  } catch (error) {
    process.stdout.write(`  first-load JS: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  try {
    const { compileGuide } = await import("../../app/guides/compile-guide.server");
    const source = fs.readFileSync("content/guides/recognising-phishing.mdx", "utf8");
    await compileGuide(source);
    const times: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      const started = performance.now();
      await compileGuide(source);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`  guide compile (warm, median of 15)  ${times[7]!.toFixed(1)} ms\n`);
  } catch (error) {
    process.stdout.write(`  guide compile: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  await reportOperations();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
