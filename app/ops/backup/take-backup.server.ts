import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import SQLite from "better-sqlite3-multiple-ciphers";
import { keyPragmas } from "../../../db/sqlite-encryption";
import { createBackupWriter, type BackupKey, type BackupWriter } from "./backup-file.server";
import { libpqEnvironment, requirePostgresTool, type BackupTarget } from "./backup-engines.server";
import { keyFingerprint, tableFigures, type Manifest } from "./backup-manifest.server";

export interface BackupOptions {
  target: BackupTarget;
  /** SQLite: the key the live file is encrypted with; the copy in the backup keeps it */
  sqliteKey?: Buffer | undefined;
  backupKey: BackupKey;
  dir: string;
  now: Date;
  /** called about every two seconds with a line saying how far it has got */
  onProgress?: (line: string) => void;
}

export function backupFileName(engine: string, createdAt: Date): string {
  return `strongroom-${engine}-${createdAt.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z")}.srbk`;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function every(ms: number, report: (() => string) | null, onProgress?: (line: string) => void): () => void {
  if (!onProgress || !report) return () => undefined;
  const timer = setInterval(() => onProgress(report()), ms);
  return () => clearInterval(timer);
}

async function pipeInto(writer: BackupWriter, source: AsyncIterable<Buffer>) {
  for await (const chunk of source) await writer.write(chunk);
}

// VACUUM INTO runs on a worker thread so the progress timer keeps ticking during a long copy.
const VACUUM_INTO = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true });
for (const pragma of workerData.keyPragmas) db.pragma(pragma);
db.pragma("busy_timeout = 5000");
// No builder exists for VACUUM; the target is bound as a parameter, never spliced in.
db.prepare("VACUUM INTO ?").run(workerData.into);
db.close();
parentPort.postMessage("done");
`;

/**
 * SQLite: a consistent copy made by VACUUM INTO in one read transaction (writers carry on in
 * WAL mode). Under SQLite3 Multiple Ciphers the copy is encrypted with the live file's key,
 * so no plain page ever touches the disk; the online backup API cannot do that here, as it
 * refuses to copy an encrypted database into the unkeyed file it opens itself.
 */
async function backupSqlite(options: BackupOptions, file: string, writer: BackupWriter): Promise<Omit<Manifest, "payloadBytes" | "payloadSha256">> {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist: nothing to back up.`);
  const copy = path.join(options.dir, `.copy-${crypto.randomBytes(6).toString("hex")}.sqlite`);
  const pragmas = options.sqliteKey ? keyPragmas(options.sqliteKey) : [];
  try {
    const sourceBytes = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
    const copying = every(2_000, () => `sqlite: copying ${mb(fs.existsSync(copy) ? fs.statSync(copy).size : 0)} of about ${mb(sourceBytes)}`, options.onProgress);
    try {
      const driver = createRequire(path.resolve("package.json")).resolve("better-sqlite3-multiple-ciphers");
      const worker = new Worker(VACUUM_INTO, { eval: true, workerData: { driver, file: path.resolve(file), into: copy, keyPragmas: pragmas } });
      await new Promise<void>((resolve, reject) => {
        worker.once("message", () => resolve());
        worker.once("error", reject);
        worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`VACUUM INTO stopped with exit code ${code}`))));
      });
    } finally {
      copying();
    }
    const sqlite = new SQLite(copy, { readonly: true });
    for (const pragma of pragmas) sqlite.pragma(pragma);
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
    const figures = await tableFigures(db).finally(() => db.destroy());
    const total = fs.statSync(copy).size;
    const encrypting = every(2_000, () => `sqlite: encrypting ${Math.round((100 * writer.payloadBytes) / Math.max(total, 1))} % of ${mb(total)}`, options.onProgress);
    try {
      await pipeInto(writer, fs.createReadStream(copy, { highWaterMark: 1024 * 1024 }));
    } finally {
      encrypting();
    }
    return { format: 1, engine: "sqlite", createdAt: options.now.toISOString(), ...figures, sqliteKeyFingerprint: options.sqliteKey ? keyFingerprint(options.sqliteKey) : null };
  } finally {
    fs.rmSync(copy, { force: true });
  }
}

/**
 * PostgreSQL: a read-only REPEATABLE READ transaction exports its snapshot, pg_dump -Fc reads
 * exactly that snapshot, and the row counts and checksums are read in the same transaction
 * meanwhile: the manifest describes precisely what the dump holds.
 */
async function backupPostgres(options: BackupOptions, url: string, writer: BackupWriter): Promise<Omit<Manifest, "payloadBytes" | "payloadSha256">> {
  requirePostgresTool("pg_dump");
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    return await db
      .transaction()
      .setIsolationLevel("repeatable read")
      .setAccessMode("read only")
      .execute(async (trx) => {
        const { snapshot } = await trx.selectNoFrom((eb) => eb.fn<string>("pg_export_snapshot").as("snapshot")).executeTakeFirstOrThrow();
        const dump = spawn("pg_dump", ["--format=custom", `--snapshot=${snapshot}`, "--no-password"], { env: libpqEnvironment(url), stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        dump.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => dump.once("close", resolve));
        const started = Date.now();
        const dumping = every(2_000, () => `postgres: pg_dump ${mb(writer.payloadBytes)} in ${Math.round((Date.now() - started) / 1000)} s`, options.onProgress);
        try {
          const [figures] = await Promise.all([tableFigures(trx), pipeInto(writer, dump.stdout)]);
          const code = await exited;
          if (code !== 0) throw new Error(`pg_dump failed (exit ${code}): ${stderr.trim()}`);
          return { format: 1 as const, engine: "postgres" as const, createdAt: options.now.toISOString(), ...figures, sqliteKeyFingerprint: null };
        } finally {
          dumping();
          if (dump.exitCode === null) dump.kill();
        }
      });
  } finally {
    await db.destroy();
  }
}

/** Takes one encrypted, checksummed backup into `dir`; a failed run leaves no file behind. */
export async function takeBackup(options: BackupOptions): Promise<{ file: string; manifest: Manifest }> {
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dir, backupFileName(options.target.engine, options.now));
  const writer = await createBackupWriter(file, options.backupKey, { engine: options.target.engine, createdAt: options.now.toISOString() });
  try {
    const manifest = options.target.engine === "sqlite" ? await backupSqlite(options, options.target.file, writer) : await backupPostgres(options, options.target.url, writer);
    return { file, manifest: await writer.finish(manifest) };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
