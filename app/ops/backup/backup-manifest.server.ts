import crypto from "node:crypto";
import type { Kysely } from "kysely";

export interface TableFigures {
  rows: number;
  /** order-independent: the sum of each row's SHA-256 (first 128 bits), so collation never matters */
  checksum: string;
}

/** What a backup held when it was taken; a restore must reproduce every figure. */
export interface Manifest {
  format: 1;
  engine: "sqlite" | "postgres";
  createdAt: string;
  /** the newest created_at in any table: a restore loses what happened after it (the RPO) */
  newestDataAt: string | null;
  tables: Record<string, TableFigures>;
  migrations: string[];
  /** SQLite: which SQLITE_KEY encrypts the file inside the backup (its fingerprint, never the key) */
  sqliteKeyFingerprint: string | null;
  payloadBytes: number;
  payloadSha256: string;
}

const PAGE = 2_000;
const MOD = 1n << 128n;

export function keyFingerprint(key: Buffer): string {
  return crypto.createHash("sha256").update("strongroom-key-fingerprint:").update(key).digest("hex").slice(0, 16);
}

// Text for every value: a driver may hand the same int8 over as a number on one connection and
// as a string on another (the type parsers differ), and a column's type never changes between
// the two sides being compared.
function canonical(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString("base64")}`;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * Row counts and checksums of every table, read through one connection (pass the snapshot's
 * transaction on PostgreSQL, or the copy itself on SQLite). Pages are ordered by every column
 * so paging is stable; the checksum does not depend on that order.
 */
// Kysely<any>: the tables are discovered at run time, so no compile-time schema applies.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function tableFigures(db: Kysely<any>): Promise<{ tables: Record<string, TableFigures>; newestDataAt: string | null; migrations: string[] }> {
  const tables: Record<string, TableFigures> = {};
  let newestDataAt: string | null = null;
  const metadata = await db.introspection.getTables({ withInternalKyselyTables: true });
  for (const table of metadata.filter((t) => !t.isView && (t.schema === undefined || t.schema === "public")).sort((a, b) => a.name.localeCompare(b.name))) {
    const columns = table.columns.map((column) => column.name);
    let sum = 0n;
    let rows = 0;
    for (let offset = 0; ; offset += PAGE) {
      let query = db.selectFrom(table.name).select(columns);
      for (const column of columns) query = query.orderBy(column);
      const page = (await query.limit(PAGE).offset(offset).execute()) as Record<string, unknown>[];
      for (const row of page) {
        const digest = crypto.createHash("sha256").update(JSON.stringify(columns.map((column) => canonical(row[column])))).digest();
        sum = (sum + BigInt(`0x${digest.subarray(0, 16).toString("hex")}`)) % MOD;
        const created = row.created_at;
        if (typeof created === "string" && (newestDataAt === null || created > newestDataAt)) newestDataAt = created;
      }
      rows += page.length;
      if (page.length < PAGE) break;
    }
    tables[table.name] = { rows, checksum: sum.toString(16).padStart(32, "0") };
  }
  const migrations = tables.kysely_migration ? ((await db.selectFrom("kysely_migration").select("name").orderBy("name").execute()) as { name: string }[]).map((row) => row.name) : [];
  return { tables, newestDataAt, migrations };
}

/** Names each table whose count or checksum differs between the manifest and the restored copy. */
export function compareFigures(expected: Record<string, TableFigures>, actual: Record<string, TableFigures>): string[] {
  const problems: string[] = [];
  for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const want = expected[name];
    const got = actual[name];
    if (!want) problems.push(`${name}: in the restore but not in the backup`);
    else if (!got) problems.push(`${name}: in the backup but missing from the restore`);
    else if (want.rows !== got.rows) problems.push(`${name}: ${want.rows} rows backed up, ${got.rows} restored`);
    else if (want.checksum !== got.checksum) problems.push(`${name}: same row count, different contents (checksum)`);
  }
  return problems;
}
