import { restoreBackup } from "~/ops/backup/restore-backup.server";
import { targetOf } from "~/ops/backup/backup-engines.server";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

// npm run restore -- BACKUP: restores into DATABASE_URL, which must be an absent SQLite file or
// an empty PostgreSQL database (the disaster-recovery step; rehearse it with restore:rehearse).
const USAGE = "npm run restore -- BACKUP_FILE\n  Restores a backup into DATABASE_URL, which must be an absent SQLite file or an empty PostgreSQL database.";
const [file] = commandArgs(USAGE, { options: {}, allowPositionals: true }).positionals;
const env = loadCommandEnv();
if (!file || !env.BACKUP_KEY) {
  process.stderr.write(file ? "BACKUP_KEY is not set.\n" : `${USAGE}\n`);
  process.exit(2);
}
const started = performance.now();
try {
  const target = targetOf(env.DATABASE_URL);
  const manifest = await restoreBackup({ file, keys: env.BACKUP_KEY, target, sqliteKey: env.SQLITE_KEY });
  process.stdout.write(`Restored ${file} (taken ${manifest.createdAt}) into ${target.engine === "sqlite" ? target.file : "the PostgreSQL database"} in ${((performance.now() - started) / 1000).toFixed(1)} s. Start the server: it applies any newer migrations.\n`);
} catch (error) {
  process.stderr.write(`Restore REFUSED: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
