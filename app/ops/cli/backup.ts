import { now } from "~/clock.server";
import { takeBackup } from "~/ops/backup/take-backup.server";
import { targetOf } from "~/ops/backup/backup-engines.server";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

// npm run backup: one consistent, encrypted, checksummed backup of DATABASE_URL into BACKUP_DIR.
commandArgs("npm run backup\n  One consistent, encrypted, checksummed backup of DATABASE_URL into BACKUP_DIR (needs BACKUP_KEY).", { options: {} });
const env = loadCommandEnv();
const key = env.BACKUP_KEY?.[0];
if (!key) {
  process.stderr.write("BACKUP_KEY is not set: id:base64(32 bytes), newest first (see README, Operations).\n");
  process.exit(2);
}
const started = performance.now();
try {
  const { file, manifest } = await takeBackup({
    target: targetOf(env.DATABASE_URL),
    sqliteKey: env.SQLITE_KEY,
    backupKey: key,
    dir: env.BACKUP_DIR,
    now: now(),
    onProgress: (line) => process.stderr.write(`  … ${line}\n`),
  });
  const rows = Object.values(manifest.tables).reduce((sum, table) => sum + table.rows, 0);
  process.stdout.write(
    `Backup written: ${file}\n  ${manifest.engine}, ${(manifest.payloadBytes / 1024 / 1024).toFixed(1)} MB, ${Object.keys(manifest.tables).length} tables, ${rows} rows, ` +
      `encrypted with backup key "${key.id}", SHA-256 ${manifest.payloadSha256.slice(0, 16)}…, ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
} catch (error) {
  process.stderr.write(`Backup FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
