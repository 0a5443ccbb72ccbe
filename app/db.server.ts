import type { Kysely, Transaction } from "kysely";
import { openDatabase, type DatabaseHandle } from "../db/connection";
import type { Database } from "../db/schema";
import { writeTransaction } from "../db/transaction";
import { getEnv } from "./config/env.server";

export type Db = Kysely<Database> | Transaction<Database>;

let handle: DatabaseHandle | undefined;

export function database(): DatabaseHandle {
  const env = getEnv();
  // Development carries an existing plain database over into encryption; production refuses it.
  handle ??= openDatabase(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE, backgroundCheckpoints: true, key: env.SQLITE_KEY, encryptPlainFile: env.NODE_ENV !== "production" });
  return handle;
}

export function db(): Kysely<Database> {
  return database().db;
}

/** Tests point the app at their own fresh database. */
export function setAppDatabase(next: DatabaseHandle): void {
  handle = next;
}

export function inWriteTransaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
  const { db: kysely, engine } = database();
  return writeTransaction(kysely, engine, work);
}

/**
 * PostgreSQL locks the rows a decision reads (SELECT … FOR UPDATE); SQLite has no row
 * locks and relies on BEGIN IMMEDIATE in inWriteTransaction instead.
 */
export function lockRowsSupported(): boolean {
  return database().engine === "postgres";
}
