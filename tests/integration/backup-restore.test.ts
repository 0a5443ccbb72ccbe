import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { setAppDatabase } from "../../app/db.server";
import { openDatabase, type DatabaseHandle, type Engine } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { seedDemoData } from "../../app/demo/demo-seed.server";
import { BackupRefusedError, createBackupWriter, readBackup, type BackupKey } from "../../app/ops/backup/backup-file.server";
import type { BackupTarget } from "../../app/ops/backup/backup-engines.server";
import { tableFigures } from "../../app/ops/backup/backup-manifest.server";
import { formatReport, rehearseRestore } from "../../app/ops/backup/restore-rehearsal.server";
import { restoreBackup } from "../../app/ops/backup/restore-backup.server";
import { takeBackup } from "../../app/ops/backup/take-backup.server";
import { memoryWitness, sealNow, TEST_AUDIT_PUBLIC_KEY, verifyNow } from "../support/audit";
import { TEST_SQLITE_KEY, testEnv } from "../support/test-env";
import { testEngines } from "../support/test-database";

const KEY: BackupKey = { id: "b1", key: Buffer.alloc(32, 11) };

/** A database this file owns outright, so it can be wiped and restored in place. */
function ownDatabase(engine: Engine, dir: string) {
  const admin = process.env.TEST_DATABASE_URL as string;
  const name = `strongroom_bk_${crypto.randomBytes(5).toString("hex")}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  const pgUrl = () => {
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const file = path.join(dir, "live.sqlite");
  return {
    url: engine === "sqlite" ? `file:${file}` : pgUrl(),
    target: (engine === "sqlite" ? { engine, file } : { engine, url: pgUrl() }) as BackupTarget,
    // Names are generated from hex above; DDL has no builder.
    create: () => (engine === "sqlite" ? Promise.resolve() : run(`CREATE DATABASE "${name}"`)),
    wipe: async () => {
      if (engine === "sqlite") for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
      else await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => run(`CREATE DATABASE "${name}"`));
    },
    drop: () => (engine === "sqlite" ? Promise.resolve() : run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function balances(handle: DatabaseHandle) {
  return handle.db.selectFrom("accounts").select(["id", "available_minor"]).orderBy("id").execute();
}

describe.each(testEngines())("backup → wipe → restore on %s", (engine) => {
  let dir: string;
  let live: ReturnType<typeof ownDatabase>;
  let handle: DatabaseHandle;
  let backupFile: string;
  const witness = memoryWitness();

  beforeAll(async () => {
    testEnv();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sr-backup-"));
    live = ownDatabase(engine, dir);
    await live.create();
    handle = openDatabase(live.url, { key: TEST_SQLITE_KEY });
    setAppDatabase(handle);
    await migrateToLatest(handle.db);
    await seedDemoData();
  });
  afterAll(async () => {
    await handle.close();
    await live.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("restores the same row counts, balances and audit chain after the database is wiped", async () => {
    await sealNow(handle, { witness: witness.witness });
    const before = { figures: await tableFigures(handle.db), balances: await balances(handle), audit: await verifyNow(handle.db) };
    const progress: string[] = [];
    const taken = await takeBackup({ target: live.target, sqliteKey: TEST_SQLITE_KEY, backupKey: KEY, dir: path.join(dir, "backups"), now: new Date(), onProgress: (line) => progress.push(line) });
    backupFile = taken.file;
    expect(taken.manifest.tables).toEqual(before.figures.tables);
    expect(taken.manifest.tables.users?.rows).toBe(7);
    // The backup file carries no demo name in clear: it is encrypted, and so is the SQLite file inside.
    const bytes = fs.readFileSync(backupFile);
    expect(bytes.includes(Buffer.from("Alice Carter"))).toBe(false);
    expect(bytes.subarray(0, 8).toString()).toBe("SRBACKUP");

    await handle.close();
    await live.wipe();
    const manifest = await restoreBackup({ file: backupFile, keys: [KEY], target: live.target, sqliteKey: TEST_SQLITE_KEY });
    handle = openDatabase(live.url, { key: TEST_SQLITE_KEY });
    setAppDatabase(handle);
    expect((await tableFigures(handle.db)).tables).toEqual(manifest.tables);
    expect(await balances(handle)).toEqual(before.balances);
    const audit = await verifyNow(handle.db);
    expect(audit).toEqual(before.audit);
    expect(audit.ok && audit.sealed).toBeGreaterThan(0);
  });

  it("refuses a backup with one flipped byte, anywhere, before touching the target", async () => {
    const size = fs.statSync(backupFile).size;
    const target = ownDatabase(engine, fs.mkdtempSync(path.join(dir, "t-")));
    await target.create();
    for (const offset of [20, Math.floor(size / 2), size - 3]) {
      const damaged = path.join(dir, `flipped-${offset}.srbk`);
      const bytes = fs.readFileSync(backupFile);
      bytes[offset] = (bytes[offset] as number) ^ 0x01;
      fs.writeFileSync(damaged, bytes);
      await expect(restoreBackup({ file: damaged, keys: [KEY], target: target.target, sqliteKey: TEST_SQLITE_KEY })).rejects.toThrow(/damaged or was altered|wrong key material|header is damaged/);
      if (target.target.engine === "sqlite") expect(fs.existsSync(target.target.file)).toBe(false);
      else {
        const probe = openDatabase(target.url);
        expect(await probe.db.introspection.getTables()).toEqual([]);
        await probe.close();
      }
    }
    await target.drop();
  });

  it("refuses a backup under another key, saying so", async () => {
    const target = ownDatabase(engine, fs.mkdtempSync(path.join(dir, "k-")));
    await expect(restoreBackup({ file: backupFile, keys: [{ id: "b1", key: Buffer.alloc(32, 12) }], target: target.target, sqliteKey: TEST_SQLITE_KEY })).rejects.toThrow(
      /BACKUP_KEY "b1" is not the key this backup was encrypted with/,
    );
    await expect(restoreBackup({ file: backupFile, keys: [{ id: "b2", key: Buffer.alloc(32, 11) }], target: target.target, sqliteKey: TEST_SQLITE_KEY })).rejects.toThrow(
      /encrypted with backup key "b1", which is not in BACKUP_KEY/,
    );
    if (engine === "sqlite") {
      await expect(restoreBackup({ file: backupFile, keys: [KEY], target: target.target, sqliteKey: Buffer.alloc(32, 1) })).rejects.toThrow(/encrypted with another SQLITE_KEY/);
    }
  });

  it("rehearses the restore into a scratch database and reports RTO, RPO and what it verified", async () => {
    const report = await rehearseRestore({ file: backupFile, keys: [KEY], sqliteKey: TEST_SQLITE_KEY, postgresUrl: process.env.TEST_DATABASE_URL, now: () => new Date(), auditPublicKey: TEST_AUDIT_PUBLIC_KEY });
    expect(report).toMatchObject({ ok: true, mismatches: [], pii: { sampled: 7, decrypted: 7 }, audit: { ok: true } });
    expect(report.audit.verified).toBeGreaterThan(0);
    expect(report.rpoSeconds).toBeGreaterThanOrEqual(0);
    expect(formatReport(report)).toMatch(/restore time \(RTO\)[\s\S]*newest data \(RPO\)[\s\S]*PASS/);
  });

  it("checks the restored audit log against the witness, ignoring checkpoints newer than the backup", async () => {
    const sealed = witness.lines.at(-1);
    expect(sealed).toBeDefined();
    const options = { file: backupFile, keys: [KEY], sqliteKey: TEST_SQLITE_KEY, postgresUrl: process.env.TEST_DATABASE_URL, now: () => new Date(), auditPublicKey: TEST_AUDIT_PUBLIC_KEY };
    // A later checkpoint (signed after the backup) is not the backup's to hold.
    const later = { ...sealed!, treeSize: sealed!.treeSize + 100, signature: Buffer.alloc(64).toString("base64") };
    expect(await rehearseRestore({ ...options, witness: [...witness.lines, later] })).toMatchObject({ ok: true, audit: { ok: true } });
    const rewritten = { ...sealed!, rootHash: "b".repeat(64) };
    const report = await rehearseRestore({ ...options, witness: [rewritten] });
    expect(report).toMatchObject({ ok: false, audit: { ok: false, problem: expect.stringMatching(/witness checkpoint of size \d+/) } });
  });

  it("fails the rehearsal when the restored data do not match the manifest", async () => {
    // A backup whose manifest claims one row more than its payload holds.
    const forged = path.join(dir, "forged.srbk");
    const writer = await createBackupWriter(forged, KEY, { engine, createdAt: new Date().toISOString() });
    const reader = readBackup(backupFile, [KEY]);
    let next = await reader.next();
    while (!next.done) {
      await writer.write(next.value);
      next = await reader.next();
    }
    const { payloadBytes: _bytes, payloadSha256: _sha, ...manifest } = next.value;
    await writer.finish({ ...manifest, tables: { ...manifest.tables, users: { rows: 8, checksum: manifest.tables.users!.checksum } } });
    const report = await rehearseRestore({ file: forged, keys: [KEY], sqliteKey: TEST_SQLITE_KEY, postgresUrl: process.env.TEST_DATABASE_URL, now: () => new Date(), auditPublicKey: TEST_AUDIT_PUBLIC_KEY });
    expect(report.ok).toBe(false);
    expect(report.mismatches).toEqual(["users: 8 rows backed up, 7 restored"]);
  });

  it("refuses to restore over an existing database", async () => {
    if (engine === "sqlite") {
      await expect(restoreBackup({ file: backupFile, keys: [KEY], target: live.target, sqliteKey: TEST_SQLITE_KEY })).rejects.toThrow(/exists: restore into a new file/);
    } else {
      await expect(restoreBackup({ file: backupFile, keys: [KEY], target: live.target })).rejects.toThrow(/pg_restore failed/);
    }
    expect((await balances(handle)).length).toBeGreaterThan(0);
  });

  it("refuses a file that is not a backup", () => {
    const other = path.join(dir, "not-a-backup.srbk");
    fs.writeFileSync(other, "hello");
    return expect(restoreBackup({ file: other, keys: [KEY], target: { engine: "sqlite", file: path.join(dir, "x.sqlite") } })).rejects.toThrow(BackupRefusedError);
  });
});
