import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BackupRefusedError, readBackup, verifyBackup, type BackupKey } from "./backup-file.server";
import { libpqEnvironment, requirePostgresTool, type BackupTarget } from "./backup-engines.server";
import { keyFingerprint, type Manifest } from "./backup-manifest.server";

export interface RestoreOptions {
  file: string;
  keys: BackupKey[];
  /** an absent SQLite file, or an empty PostgreSQL database */
  target: BackupTarget;
  /** SQLite: the key the restored file must open with (checked against the manifest first) */
  sqliteKey?: Buffer | undefined;
}

/**
 * Restores a backup into an empty target. The whole file is authenticated first, so a damaged
 * or altered backup, or one under another key, is refused before anything is written.
 */
export async function restoreBackup(options: RestoreOptions): Promise<Manifest> {
  const { header, manifest } = await verifyBackup(options.file, options.keys);
  if (header.engine !== options.target.engine) {
    throw new BackupRefusedError(`${options.file} is a ${header.engine} backup; the target is ${options.target.engine}.`);
  }
  if (options.target.engine === "sqlite") {
    const expected = manifest.sqliteKeyFingerprint;
    const actual = options.sqliteKey ? keyFingerprint(options.sqliteKey) : null;
    if (expected !== actual) {
      throw new BackupRefusedError(
        expected
          ? `The database in ${options.file} is encrypted with another SQLITE_KEY (fingerprint ${expected}); set the key that was in force when it was taken.`
          : `The database in ${options.file} is a plain SQLite file; restore it without SQLITE_KEY and encrypt it with npm run db:encrypt.`,
      );
    }
    await restoreSqlite(options.file, options.keys, options.target.file);
  } else {
    await restorePostgres(options.file, options.keys, options.target.url);
  }
  return manifest;
}

async function restoreSqlite(file: string, keys: BackupKey[], target: string) {
  if (fs.existsSync(target) && fs.statSync(target).size > 0) throw new BackupRefusedError(`${target} exists: restore into a new file (or move the old one away first).`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const partial = `${target}.restoring`;
  const out = await fs.promises.open(partial, "w", 0o600);
  try {
    for await (const chunk of readBackup(file, keys)) await out.write(chunk);
    await out.sync();
  } finally {
    await out.close();
  }
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(partial, target);
}

async function restorePostgres(file: string, keys: BackupKey[], url: string) {
  requirePostgresTool("pg_restore");
  // One transaction: a restore that fails leaves the target as empty as it was.
  const child = spawn("pg_restore", ["--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges", "--no-password", `--dbname=${new URL(url).pathname.slice(1)}`], {
    env: libpqEnvironment(url),
    stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
  child.stdin.on("error", () => undefined);
  try {
    for await (const chunk of readBackup(file, keys)) {
      if (child.exitCode !== null) break;
      // pg_restore may stop early (an error): then no drain comes, its exit ends the wait.
      if (!child.stdin.write(chunk)) await Promise.race([new Promise((resolve) => child.stdin.once("drain", resolve)), exited]);
    }
  } finally {
    child.stdin.end();
  }
  const code = await exited;
  if (code !== 0) throw new Error(`pg_restore failed (exit ${code}): ${stderr.trim()}`);
}
