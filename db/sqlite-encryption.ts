import fs from "node:fs";
import SQLite from "better-sqlite3-multiple-ciphers";

/**
 * The embedded database is encrypted as a whole file by SQLite3 Multiple Ciphers: every page
 * is ChaCha20-Poly1305 encrypted and authenticated, so names, balances and payments never
 * reach the disk (or its WAL) in clear. The cipher is named explicitly so a change of the
 * library's default can never make existing files unreadable.
 */
export const SQLITE_CIPHER = "chacha20";

const PLAIN_HEADER = Buffer.from("SQLite format 3\0", "latin1");

export class SqliteKeyError extends Error {
  override name = "SqliteKeyError";
}

/** The pragmas that unlock a connection; the checkpoint worker runs the same ones. */
export function keyPragmas(key: Buffer): string[] {
  // Hex of random bytes only: nothing a caller passes can break out of the quotes.
  return [`cipher = '${SQLITE_CIPHER}'`, `hexkey = '${key.toString("hex")}'`];
}

/** True for an existing, non-empty SQLite file whose first page is readable without a key. */
export function isPlainSqliteFile(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return false;
  }
  try {
    const header = Buffer.alloc(PLAIN_HEADER.length);
    return fs.readSync(fd, header, 0, header.length, 0) === header.length && header.equals(PLAIN_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

function proveReadable(sqlite: SQLite.Database, file: string, keyed: boolean): void {
  try {
    sqlite.prepare("select count(*) from sqlite_schema").get();
  } catch (error) {
    if ((error as { code?: string }).code !== "SQLITE_NOTADB") throw error;
    sqlite.close();
    throw new SqliteKeyError(
      keyed
        ? `${file} cannot be opened with SQLITE_KEY: the key is not the one it was encrypted with (or the file is not a Strongroom database).`
        : `${file} is encrypted: set SQLITE_KEY to the key it was encrypted with.`,
    );
  }
}

/**
 * Encrypts a plain database file in place. Rewriting every page is one transaction (it either
 * completes or leaves the plain file as it was); it needs the rollback journal, so the WAL is
 * folded in first, which fails while another connection has the file open.
 */
export function encryptPlainFile(file: string, key: Buffer): void {
  const sqlite = new SQLite(file);
  try {
    sqlite.pragma("journal_mode = DELETE");
    sqlite.pragma(`cipher = '${SQLITE_CIPHER}'`);
    sqlite.pragma(`hexrekey = '${key.toString("hex")}'`);
    sqlite.pragma("journal_mode = WAL");
  } finally {
    sqlite.close();
  }
}

/**
 * Opens the file for the connection factory. With a key, a plain file is either encrypted in
 * place (development: existing local databases carry on) or refused with what to do.
 */
export function openSqliteFile(file: string, key: Buffer | undefined, plainFile: "encrypt" | "refuse"): SQLite.Database {
  if (key && file !== ":memory:" && isPlainSqliteFile(file)) {
    if (plainFile === "refuse") {
      throw new SqliteKeyError(
        `${file} is a plain (unencrypted) SQLite database. Stop every process using it, take a backup (npm run backup), then encrypt it in place with SQLITE_KEY: npm run db:encrypt`,
      );
    }
    encryptPlainFile(file, key);
    process.emitWarning(`${file} was a plain SQLite database; it is now encrypted in place with SQLITE_KEY.`);
  }
  const sqlite = new SQLite(file);
  if (key) for (const pragma of keyPragmas(key)) sqlite.pragma(pragma);
  if (file !== ":memory:") proveReadable(sqlite, file, Boolean(key));
  return sqlite;
}
