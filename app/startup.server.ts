import { auditSigningKey } from "~/audit/audit-keys.server";
import { fileWitness, startAuditSequencer } from "~/audit/audit-sequencer.server";
import { flushNetworkRefusals } from "~/authorization/network-refusals.server";
import { now } from "~/clock.server";
import { ensureSecrets } from "~/config/dev-secrets.server";
import { parseEnv, setEnv, type Env } from "~/config/env.server";
import { startMaturedChangesJob } from "~/controls/matured-changes-job.server";
import { database } from "~/db.server";
import { log } from "~/edge/access-log.server";
import { onShutdown } from "~/edge/graceful-shutdown.server";
import { importShippedGuides } from "~/guides/guide-import.server";
import { instanceHolderId } from "~/jobs/lease.server";
import { startRetention } from "~/jobs/retention.server";
import { backfillPhoneIndex } from "~/users/phone-index.server";
import { migrateToLatest } from "../db/migrate";
import { describeSeed, seedIfEmpty } from "~/demo/demo-seed.server";

/*
 * What an instance does before and after it starts listening: its environment, its database
 * brought up to date (and seeded where demo data belongs), and the background jobs. The edge
 * only serves HTTP; this module owns start-up.
 */

export async function prepareEnvironment(): Promise<Env> {
  ensureSecrets(process.env);
  const env = parseEnv(process.env);
  setEnv(env);
  return env;
}

export async function prepareDatabase(env: Env): Promise<void> {
  const applied = await migrateToLatest(database().db);
  if (applied.length > 0) log({ msg: "migrations applied", migrations: applied });
  const phones = await backfillPhoneIndex();
  if (phones > 0) log({ msg: "phone look-up index filled", users: phones });
  // Shipped guides seed every installation, production included; a guide already stored is never overwritten.
  const guides = await importShippedGuides();
  if (guides.imported.length > 0) log({ msg: "shipped guides imported", guides: guides.imported.length });
  for (const refused of guides.refused) log({ level: "error", msg: "shipped guide failed validation; not imported", guide: refused.slug, problems: refused.problems });
  // Demo people only where demo data belongs; production databases are never seeded implicitly.
  if (env.NODE_ENV !== "production" || process.env.SEED_DEMO_DATA === "1") {
    const seeded = await seedIfEmpty();
    if (seeded) {
      log({ msg: "demo data seeded on first start" });
      process.stdout.write(`\n${describeSeed(seeded)}\n\n`);
    }
  }
}

/** The sequencer and retention take turns across instances by lease; the fold runs everywhere. */
export function startBackgroundJobs(env: Env): void {
  const holder = instanceHolderId();
  const sequencer = startAuditSequencer({ database, signingKey: auditSigningKey(), witness: fileWitness(env.AUDIT_WITNESS_FILE), holder, now, log });
  onShutdown("audit sequencer", () => sequencer.stop());
  const retention = startRetention({ database, holder, now, log });
  onShutdown("retention", () => retention.stop());
  startMaturedChangesJob();
  // Refused network requests are counted in memory per minute; the minute in progress is written
  // when the instance stops, after the last request has drained and before the pool closes.
  onShutdown("refused network request counts", async () => void (await flushNetworkRefusals({ includeCurrent: true })));
}
