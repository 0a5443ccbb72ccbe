import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setAppDatabase } from "../../app/db.server";
import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { DEMO_PEOPLE, seedDemoData } from "../../app/demo/demo-seed.server";
import { isPlainSqliteFile, SqliteKeyError } from "../../db/sqlite-encryption";
import { TEST_SQLITE_KEY, testEnv } from "../support/test-env";

// Names a reader of the raw file must not find: demo customers and staff, and merchants
// from the seeded payment history.
const SECRETS_IN_CLEAR = [...DEMO_PEOPLE.map((person) => person.displayName), "TESCO STORES", "DISHOOM KINGS CROSS", "Pret A Manger", "Wagamama"];

function clearTextFound(file: string): string[] {
  const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
  return SECRETS_IN_CLEAR.filter((name) => bytes.includes(Buffer.from(name, "utf8")));
}

async function seededFile(dir: string, name: string, key: Buffer | undefined): Promise<string> {
  const file = path.join(dir, name);
  const handle = openDatabase(`file:${file}`, { key });
  setAppDatabase(handle);
  await migrateToLatest(handle.db);
  await seedDemoData();
  await handle.close();
  return file;
}

describe("SQLite encrypted at rest", () => {
  let dir: string;
  beforeAll(() => {
    testEnv();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sr-encryption-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps every demo name and merchant out of the file, where a plain file shows them", async () => {
    const plain = await seededFile(dir, "plain.sqlite", undefined);
    // The control: the grep finds the names when nothing encrypts them.
    expect(clearTextFound(plain)).toEqual(SECRETS_IN_CLEAR);
    const encrypted = await seededFile(dir, "encrypted.sqlite", TEST_SQLITE_KEY);
    expect(isPlainSqliteFile(encrypted)).toBe(false);
    expect(clearTextFound(encrypted)).toEqual([]);

    const reopened = openDatabase(`file:${encrypted}`, { key: TEST_SQLITE_KEY });
    const customers = await reopened.db.selectFrom("users").select("display_name").orderBy("display_name").execute();
    await reopened.close();
    expect(customers.map((row) => row.display_name)).toEqual(DEMO_PEOPLE.map((person) => person.displayName).sort());
  });

  it("refuses a wrong key, and a missing one, saying which", async () => {
    const file = await seededFile(dir, "keyed.sqlite", TEST_SQLITE_KEY);
    expect(() => openDatabase(`file:${file}`, { key: Buffer.alloc(32, 1) })).toThrow(SqliteKeyError);
    expect(() => openDatabase(`file:${file}`, { key: Buffer.alloc(32, 1) })).toThrow(/cannot be opened with SQLITE_KEY/);
    expect(() => openDatabase(`file:${file}`)).toThrow(/is encrypted: set SQLITE_KEY/);
  });

  it("refuses an existing plain database in production terms, and encrypts it in place for development", async () => {
    const file = await seededFile(dir, "legacy.sqlite", undefined);
    expect(() => openDatabase(`file:${file}`, { key: TEST_SQLITE_KEY })).toThrow(/plain \(unencrypted\).*npm run db:encrypt/);
    expect(isPlainSqliteFile(file)).toBe(true);

    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    const handle = openDatabase(`file:${file}`, { key: TEST_SQLITE_KEY, encryptPlainFile: true });
    const people = await handle.db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    await handle.close();
    await new Promise((resolve) => setImmediate(resolve));
    process.off("warning", onWarning);
    expect(people.n).toBe(DEMO_PEOPLE.length);
    expect(warnings.join("\n")).toContain("now encrypted in place");
    expect(isPlainSqliteFile(file)).toBe(false);
    expect(clearTextFound(file)).toEqual([]);
  });
});
