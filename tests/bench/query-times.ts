import crypto from "node:crypto";
import fs from "node:fs";
import type { LogEvent } from "kysely";
import { authorizePayment } from "../../app/authorization/authorize-payment.server";
import { setAppDatabase } from "../../app/db.server";
import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { customerWithCard } from "../support/banking-fixtures";
import { testEnv } from "../support/test-env";

/**
 * Where a decision's database time goes, statement by statement, in process (no HTTP):
 *   npx tsx tests/bench/query-times.ts [postgres://…/empty-db] [decisions]
 * Without a URL it uses a fresh SQLite file. Kysely's query log times each statement.
 */
testEnv();
const times = new Map<string, { n: number; ms: number }>();
const log = (event: LogEvent) => {
  const key = event.query.sql.replace(/\s+/g, " ").slice(0, 90);
  const entry = times.get(key) ?? { n: 0, ms: 0 };
  entry.n += 1;
  entry.ms += event.queryDurationMillis;
  times.set(key, entry);
};
const url = process.argv[2]?.startsWith("postgres") ? process.argv[2] : undefined;
const decisions = Number(process.argv[url ? 3 : 2] ?? 6000);
const sqliteFile = `/tmp/query-times-${Date.now()}.sqlite`;
// The application's own connection factory (statement cache, pool, type parsers), plus a log.
const handle = openDatabase(url ?? `file:${sqliteFile}`, { poolSize: 4, log });
const db = handle.db;
await migrateToLatest(db);
setAppDatabase(handle);
const noLimits = { perPayment: null, daily: null, weekly: null, monthly: null, channelDaily: { in_store: null, online: null, atm: null, contactless: null } };
const cards = await Promise.all(Array.from({ length: 20 }, () => customerWithCard({ availableMinor: 1e12, settings: (s) => void (s.limits = noLimits) })));
times.clear();
const started = performance.now();
for (let i = 0; i < decisions; i += 1) {
  await authorizePayment(
    { cardToken: cards[i % cards.length]!.token, amountMinor: 100 + (i % 500), currency: "GBP", mcc: "5411", country: "GB", channel: "in_store", merchantId: `m-${i}`, merchantName: "Grocer" },
    { clientId: "bench", idempotencyKey: crypto.randomUUID(), requestHash: "h", signature: crypto.randomUUID() },
  );
}
process.stdout.write(`${((performance.now() - started) / decisions).toFixed(3)} ms per decision over ${decisions}\n`);
for (const [sql, entry] of [...times].sort((a, b) => b[1].ms - a[1].ms)) {
  process.stdout.write(`${((1000 * entry.ms) / decisions).toFixed(1).padStart(7)} µs/decision  ${String(entry.n).padStart(6)}x  ${sql}\n`);
}
await handle.close();
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${sqliteFile}${suffix}`, { force: true });
