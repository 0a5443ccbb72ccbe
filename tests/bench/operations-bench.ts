import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type autocannon from "autocannon";
import { authorizePayment } from "../../app/authorization/authorize-payment.server";
import type { CardSettings } from "../../app/controls/card-settings";
import { setAppDatabase } from "../../app/db.server";
import { takeBackup } from "../../app/ops/backup/take-backup.server";
import { rehearseRestore } from "../../app/ops/backup/restore-rehearsal.server";
import { startCluster } from "../../app/ops/cluster/local-cluster.server";
import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { seedDemoData } from "../../app/demo/demo-seed.server";
import { customerWithCard } from "../support/banking-fixtures";
import { TEST_SECRETS, TEST_SQLITE_KEY } from "../support/test-env";
import { TEST_AUDIT_PUBLIC_KEY } from "../support/audit";

/**
 * The operations half of npm run bench: decisions through HAProxy with three instances beside
 * one instance direct (same run, same PostgreSQL database), the cost of SQLite encryption, and
 * the restore rehearsal's RTO for the demo database. run-bench passes its own helpers in.
 */
interface Figure {
  name: string;
  rps: number;
  p99: number;
  errors: number;
}
export interface BenchHelpers {
  measure: (name: string, options: Parameters<typeof autocannon>[0]) => Promise<Figure>;
  paymentRequests: (tokens: string[], label: string) => NonNullable<Parameters<typeof autocannon>[0]["requests"]>;
  giveHistory: (cards: { cardId: string; accountId: string }[], perCard: number) => Promise<void>;
  freshPostgres: () => Promise<{ url: string; drop: () => Promise<void> } | null>;
}

const POPULATION = 300;
const HISTORY = 60;
const noLimits = (s: CardSettings) => {
  s.limits = { perPayment: null, daily: null, weekly: null, monthly: null, channelDaily: { in_store: null, online: null, atm: null, contactless: null } };
};

async function cardsWithHistory(helpers: BenchHelpers, count: number) {
  const cards = [];
  for (let i = 0; i < count; i += 1) cards.push(await customerWithCard({ availableMinor: 1_000_000_000_00, settings: noLimits }));
  await helpers.giveHistory(cards, HISTORY);
  return cards;
}

/** Decisions per second through HAProxy (3 instances) and straight to one of them. */
export async function clusterDecisions(helpers: BenchHelpers, port: number) {
  const postgres = await helpers.freshPostgres();
  if (!postgres) return null;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-bench-cluster-"));
  const handle = openDatabase(postgres.url, { poolSize: 4 });
  let cluster: Awaited<ReturnType<typeof startCluster>> | null = null;
  try {
    setAppDatabase(handle);
    await migrateToLatest(handle.db);
    const tokens = (await cardsWithHistory(helpers, POPULATION)).map((card) => card.token);
    cluster = await startCluster({ instances: 3, port, stateDir, databaseUrl: postgres.url, env: { ...TEST_SECRETS, NODE_ENV: "production", ACCESS_LOG: "off", BENCH_ROUTES: "1" }, log: () => undefined });
    process.stdout.write(`\nPostgreSQL cluster (HAProxy ${cluster.url}, 3 instances, ${POPULATION} cards)\n`);
    // autocannon does not fall back from ::1 to 127.0.0.1 as fetch does; the proxy binds the latter.
    const proxied = await helpers.measure("decisions through HAProxy, 3 instances", { url: cluster.url.replace("localhost", "127.0.0.1"), requests: helpers.paymentRequests(tokens, "cluster") });
    const direct = await helpers.measure("decisions direct to 1 instance", { url: `http://127.0.0.1:${cluster.instances[0]!.port}`, requests: helpers.paymentRequests(tokens, "direct") });
    return { proxied, direct };
  } finally {
    await cluster?.stop();
    await handle.close();
    await postgres.drop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

/**
 * Decisions per second on an encrypted and on a plain SQLite file, in process (the server
 * always encrypts, so no HTTP run can show a plain file): the same cards, history and payments.
 */
export async function sqliteEncryptionCost(helpers: BenchHelpers, seconds: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-bench-cipher-"));
  const variants = { plain: undefined, encrypted: TEST_SQLITE_KEY };
  const prepared: Record<string, { handle: ReturnType<typeof openDatabase>; tokens: string[]; decided: number; ms: number }> = {};
  try {
    for (const [variant, key] of Object.entries(variants)) {
      const handle = openDatabase(`file:${path.join(dir, `${variant}.sqlite`)}`, { key });
      setAppDatabase(handle);
      await migrateToLatest(handle.db);
      prepared[variant] = { handle, tokens: (await cardsWithHistory(helpers, POPULATION)).map((card) => card.token), decided: 0, ms: 0 };
    }
    // Alternating short rounds, so a neighbour's load on a shared machine falls on both alike.
    let n = 0;
    for (let round = 0; round < 9; round += 1) {
      for (const variant of Object.keys(variants)) {
        const state = prepared[variant]!;
        setAppDatabase(state.handle);
        const started = performance.now();
        const end = started + (seconds * 1000) / 8;
        let decided = 0;
        while (performance.now() < end) {
          n += 1;
          await authorizePayment(
            { cardToken: state.tokens[n % state.tokens.length]!, amountMinor: 100 + (n % 500), currency: "GBP", mcc: "5411", country: "GB", channel: "in_store", merchantId: `m-${n}`, merchantName: "Bench Grocer" },
            { clientId: "bench", idempotencyKey: crypto.randomUUID(), requestHash: "h", signature: crypto.randomUUID() },
          );
          decided += 1;
        }
        // The first round warms both up and is not counted.
        if (round > 0) {
          state.decided += decided;
          state.ms += performance.now() - started;
        }
      }
    }
  } finally {
    for (const state of Object.values(prepared)) await state.handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const rate = (variant: string) => (prepared[variant]!.decided * 1000) / prepared[variant]!.ms;
  const rates = { plain: rate("plain"), encrypted: rate("encrypted") };
  process.stdout.write(`\nSQLite encryption, in process, ${POPULATION} cards: plain ${rates.plain.toFixed(0)} decisions/s, encrypted ${rates.encrypted.toFixed(0)} decisions/s\n`);
  return rates;
}

/** The restore rehearsal's RTO for a freshly seeded demo database on each engine. */
export async function demoRestoreRto(helpers: BenchHelpers) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-bench-rto-"));
  const key = { id: "bench", key: crypto.randomBytes(32) };
  const results: { engine: string; rtoSeconds: number; rows: number; megabytes: number }[] = [];
  const postgres = await helpers.freshPostgres();
  try {
    for (const url of [`file:${path.join(dir, "demo.sqlite")}`, ...(postgres ? [postgres.url] : [])]) {
      const handle = openDatabase(url, { key: TEST_SQLITE_KEY });
      setAppDatabase(handle);
      await migrateToLatest(handle.db);
      await seedDemoData();
      await handle.close();
      const engine = url.startsWith("file:") ? "sqlite" : "postgres";
      const target = engine === "sqlite" ? { engine: "sqlite" as const, file: url.slice("file:".length) } : { engine: "postgres" as const, url };
      const { file, manifest } = await takeBackup({ target, sqliteKey: TEST_SQLITE_KEY, backupKey: key, dir, now: new Date() });
      const report = await rehearseRestore({ file, keys: [key], sqliteKey: TEST_SQLITE_KEY, postgresUrl: postgres?.url, now: () => new Date(), auditPublicKey: TEST_AUDIT_PUBLIC_KEY });
      if (!report.ok) throw new Error(`restore rehearsal failed for the ${engine} demo database`);
      results.push({ engine, rtoSeconds: report.rtoSeconds, rows: report.rows, megabytes: manifest.payloadBytes / 1024 / 1024 });
    }
  } finally {
    await postgres?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
