import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { verifyAuditLog } from "~/audit/audit-verify.server";
import type { Checkpoint } from "~/audit/merkle";
import { decryptField } from "~/crypto/field-encryption.server";
import { EMAIL_PURPOSE, PHONE_PURPOSE } from "~/users/users.server";
import { openDatabase } from "../../../db/connection";
import { migrateToLatest } from "../../../db/migrate";
import { migrations } from "../../../db/migrations/index";
import { readBackupHeader, type BackupKey } from "./backup-file.server";
import type { BackupTarget } from "./backup-engines.server";
import { compareFigures, tableFigures } from "./backup-manifest.server";
import { restoreBackup } from "./restore-backup.server";

export interface RehearsalReport {
  file: string;
  engine: "sqlite" | "postgres";
  keyId: string;
  takenAt: string;
  /** seconds from the start until the restored database was migrated and could serve */
  rtoSeconds: number;
  /** seconds between the newest data in the backup and now: what a real restore would lose at least */
  rpoSeconds: number | null;
  newestDataAt: string | null;
  tables: number;
  rows: number;
  mismatches: string[];
  migrations: { inBackup: number; unknown: string[]; applied: string[] };
  audit: { ok: boolean; verified: number; problem?: string };
  pii: { sampled: number; decrypted: number };
  ok: boolean;
}

export interface RehearsalOptions {
  file: string;
  keys: BackupKey[];
  sqliteKey?: Buffer | undefined;
  /** PostgreSQL: a server where a scratch database may be created (and dropped) */
  postgresUrl?: string | undefined;
  now: () => Date;
  /** keep the scratch database (its location is returned) instead of dropping it */
  keep?: boolean;
  piiSample?: number;
  /** checks the audit checkpoints' signatures */
  auditPublicKey: crypto.KeyObject;
  /** checkpoints from the witness: the restored log must extend every one up to its own size */
  witness?: Checkpoint[];
}

async function scratchTarget(engine: "sqlite" | "postgres", postgresUrl: string | undefined): Promise<{ target: BackupTarget; url: string; drop: () => Promise<void> }> {
  const suffix = crypto.randomBytes(5).toString("hex");
  if (engine === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-rehearsal-"));
    const file = path.join(dir, "restored.sqlite");
    return { target: { engine, file }, url: `file:${file}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  if (!postgresUrl) throw new Error("A PostgreSQL backup needs a server for its scratch database: set DATABASE_URL (or REHEARSAL_DATABASE_URL).");
  const name = `strongroom_rehearsal_${suffix}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  // DDL has no builder; the name is generated above from hex only.
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return { target: { engine, url: url.toString() }, url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * Restores a backup into a scratch database and proves it: every table's row count and
 * checksum against the manifest, the migrations the code knows, the audit chain, and a sample
 * of PII decrypted with today's data keys. Any problem makes `ok` false.
 */
export async function rehearseRestore(options: RehearsalOptions): Promise<RehearsalReport & { scratch: string | null }> {
  const header = readBackupHeader(options.file);
  const started = performance.now();
  const scratch = await scratchTarget(header.engine, options.postgresUrl);
  let handle: ReturnType<typeof openDatabase> | undefined;
  try {
    const manifest = await restoreBackup({ file: options.file, keys: options.keys, target: scratch.target, sqliteKey: options.sqliteKey });
    handle = openDatabase(scratch.url, { poolSize: 4, key: options.sqliteKey });
    const restored = await tableFigures(handle.db);
    const mismatches = compareFigures(manifest.tables, restored.tables);
    if (JSON.stringify(restored.migrations) !== JSON.stringify(manifest.migrations)) mismatches.push("kysely_migration: the restored migrations differ from the manifest's");
    const known = new Set(Object.keys(migrations));
    // A backup from newer code than this checkout cannot be verified by it.
    const unknown = manifest.migrations.filter((name) => !known.has(name));
    const applied = unknown.length === 0 ? await migrateToLatest(handle.db) : [];
    const rtoSeconds = (performance.now() - started) / 1000;

    // A backup predates the newest witness lines; it must extend every one it is old enough to hold.
    const head = await handle.db.selectFrom("audit_checkpoints").select((eb) => eb.fn.max("tree_size").as("size")).executeTakeFirst();
    const restoredSize = Number(head?.size ?? 0);
    const audit = await verifyAuditLog(handle.db, { publicKeys: [options.auditPublicKey], witness: options.witness?.filter((c) => c.treeSize <= restoredSize), now: options.now() });
    const people = await handle.db
      .selectFrom("users")
      .select(["email_enc", "phone_enc"])
      .orderBy("id")
      .limit(options.piiSample ?? 20)
      .execute();
    let decrypted = 0;
    for (const person of people) {
      try {
        decryptField(person.email_enc, EMAIL_PURPOSE);
        if (person.phone_enc) decryptField(person.phone_enc, PHONE_PURPOSE);
        decrypted += 1;
      } catch {
        // counted below: a value today's keys cannot open is a failed rehearsal
      }
    }
    const rows = Object.values(restored.tables).reduce((sum, table) => sum + table.rows, 0);
    const report: RehearsalReport = {
      file: options.file,
      engine: header.engine,
      keyId: header.keyId,
      takenAt: manifest.createdAt,
      rtoSeconds,
      rpoSeconds: manifest.newestDataAt ? (options.now().getTime() - new Date(manifest.newestDataAt).getTime()) / 1000 : null,
      newestDataAt: manifest.newestDataAt,
      tables: Object.keys(restored.tables).length,
      rows,
      mismatches,
      migrations: { inBackup: manifest.migrations.length, unknown, applied },
      audit: audit.ok ? { ok: true, verified: audit.sealed } : { ok: false, verified: audit.sealed, problem: audit.failure },
      pii: { sampled: people.length, decrypted },
      ok: false,
    };
    report.ok = mismatches.length === 0 && unknown.length === 0 && audit.ok && decrypted === people.length;
    return { ...report, scratch: options.keep ? scratch.url : null };
  } finally {
    await handle?.close();
    if (!options.keep) await scratch.drop();
  }
}

const duration = (seconds: number) => {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
};

export function formatReport(report: RehearsalReport): string {
  const lines = [
    `Restore rehearsal of ${report.file}`,
    `  backup                 ${report.engine}, taken ${report.takenAt}, backup key "${report.keyId}"`,
    `  restore time (RTO)     ${duration(report.rtoSeconds)}  (authenticate, decrypt, restore, migrate)`,
    `  newest data (RPO)      ${report.rpoSeconds === null ? "no dated rows" : `${duration(report.rpoSeconds)} old (${report.newestDataAt})`}`,
    `  tables                 ${report.tables} tables, ${report.rows} rows: ${report.mismatches.length === 0 ? "counts and checksums match the manifest" : "MISMATCH"}`,
    ...report.mismatches.map((problem) => `      - ${problem}`),
    `  migrations             ${report.migrations.inBackup} in the backup; ${report.migrations.unknown.length ? `UNKNOWN to this code: ${report.migrations.unknown.join(", ")}` : `${report.migrations.applied.length} applied on top`}`,
    `  audit entries verified ${report.audit.verified}${report.audit.ok ? " (intact)" : ` — BROKEN at ${report.audit.problem}`}`,
    `  PII sample decrypted   ${report.pii.decrypted} of ${report.pii.sampled} people`,
    `  result                 ${report.ok ? "PASS" : "FAIL"}`,
  ];
  return lines.join("\n");
}
