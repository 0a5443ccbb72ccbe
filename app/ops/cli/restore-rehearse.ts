import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { auditSigningKey } from "~/audit/audit-keys.server";
import { readWitness } from "~/audit/audit-verify.server";
import { now } from "~/clock.server";
import { formatReport, rehearseRestore } from "~/ops/backup/restore-rehearsal.server";
import { targetOf } from "~/ops/backup/backup-engines.server";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

// npm run restore:rehearse [-- BACKUP] [--keep] [--witness FILE]: restores BACKUP (default: the newest in
// BACKUP_DIR) into a scratch database, proves it, prints RTO/RPO; exits 1 on any mismatch.
const { values, positionals } = commandArgs(
  "npm run restore:rehearse [-- BACKUP] [--keep] [--witness FILE]\n  Restores BACKUP (default: the newest in BACKUP_DIR) into a scratch database, proves it and prints RTO/RPO; --keep keeps the scratch copy; --witness checks the restored audit log against that witness file.",
  { options: { keep: { type: "boolean" }, witness: { type: "string" } }, allowPositionals: true },
);
const env = loadCommandEnv();
const keep = values.keep === true;
const witnessFile = values.witness;
let file = positionals[0];
if (!file) {
  const dir = env.BACKUP_DIR;
  const newest = (fs.existsSync(dir) ? fs.readdirSync(dir) : []).filter((name) => name.endsWith(".srbk")).sort().at(-1);
  if (!newest) {
    process.stderr.write(`No backups in ${dir}: run npm run backup first, or name one.\n`);
    process.exit(2);
  }
  file = path.join(dir, newest);
}
if (!env.BACKUP_KEY) {
  process.stderr.write("BACKUP_KEY is not set.\n");
  process.exit(2);
}
function witnessCheckpoints(witness: string) {
  const read = readWitness(witness);
  if ("error" in read) {
    process.stderr.write(`${read.error}\n`);
    process.exit(1);
  }
  return read.checkpoints;
}

const current = targetOf(env.DATABASE_URL);
try {
  const report = await rehearseRestore({
    file,
    keys: env.BACKUP_KEY,
    sqliteKey: env.SQLITE_KEY,
    postgresUrl: process.env.REHEARSAL_DATABASE_URL ?? (current.engine === "postgres" ? current.url : undefined),
    now,
    keep,
    auditPublicKey: crypto.createPublicKey(auditSigningKey()),
    witness: witnessFile ? witnessCheckpoints(witnessFile) : undefined,
  });
  process.stdout.write(`${formatReport(report)}\n`);
  if (report.scratch) process.stdout.write(`  scratch database kept: ${report.scratch}\n`);
  process.exit(report.ok ? 0 : 1);
} catch (error) {
  process.stderr.write(`Restore rehearsal FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
