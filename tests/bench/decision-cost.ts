import crypto from "node:crypto";
import { authorizePayment } from "../../app/authorization/authorize-payment.server";
import { setAppDatabase } from "../../app/db.server";
import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { customerWithCard } from "../support/banking-fixtures";
import { testEnv } from "../support/test-env";

// In-process cost of one decision (no HTTP), to tell engine time from server time.
testEnv();
const handle = openDatabase(process.argv[2] ?? `file:/tmp/decision-cost-${Date.now()}.sqlite`);
await migrateToLatest(handle.db);
setAppDatabase(handle);
const cards = await Promise.all(Array.from({ length: 20 }, () => customerWithCard({ settings: (s) => void (s.limits = { perPayment: null, daily: null, weekly: null, monthly: null, channelDaily: { in_store: null, online: null, atm: null, contactless: null } }) })));
const decide = (i: number) =>
  authorizePayment(
    { cardToken: cards[i % cards.length]!.token, amountMinor: 100 + i, currency: "GBP", mcc: "5411", country: "GB", channel: "in_store", merchantId: `m-${i}`, merchantName: "Grocer" },
    { clientId: "c", idempotencyKey: crypto.randomUUID(), requestHash: "h", signature: crypto.randomUUID() },
  );
const run = async (n: number) => {
  const started = performance.now();
  for (let i = 0; i < n; i += 1) await decide(i);
  return (performance.now() - started) / n;
};
// As a server sees them: 50 decisions in flight at once, as many as the engine will take.
const concurrently = async (n: number, inFlight = 50) => {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < n) await decide(next++);
  }));
  return (n * 1000) / (performance.now() - started);
};
await run(200);
process.stdout.write(`${(await run(2000)).toFixed(3)} ms per decision (sequential, in-process)\n`);
process.stdout.write(`${(await concurrently(4000)).toFixed(0)} decisions/s (50 in flight, in-process)\n`);
await handle.close();
