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
const run = async (n: number) => {
  const started = performance.now();
  for (let i = 0; i < n; i += 1) {
    await authorizePayment(
      { cardToken: cards[i % cards.length]!.token, amountMinor: 100 + i, currency: "GBP", mcc: "5411", country: "GB", channel: "in_store", merchantId: `m-${i}`, merchantName: "Grocer" },
      { clientId: "c", idempotencyKey: crypto.randomUUID(), requestHash: "h", signature: crypto.randomUUID() },
    );
  }
  return (performance.now() - started) / n;
};
await run(200);
process.stdout.write(`${(await run(2000)).toFixed(3)} ms per decision (sequential, in-process)\n`);
await handle.close();
