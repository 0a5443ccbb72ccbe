import { sql, type Kysely, type Transaction } from "kysely";
import { openDatabase, type DatabaseHandle } from "../db/connection";
import type { Database } from "../db/schema";
import { writeTransaction } from "../db/transaction";
import { getEnv } from "./config/env.server";

export type Db = Kysely<Database> | Transaction<Database>;

let handle: DatabaseHandle | undefined;

export function database(): DatabaseHandle {
  const env = getEnv();
  // Development carries an existing plain database over into encryption; production refuses it.
  handle ??= openDatabase(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE, preparedStatements: env.DATABASE_PREPARED_STATEMENTS === "on", backgroundCheckpoints: true, key: env.SQLITE_KEY, encryptPlainFile: env.NODE_ENV !== "production" });
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

/** A load balancer waits about 2 s for a readiness answer; ours comes well before. */
export const READY_DEADLINE_MS = 1_500;
let probe: Promise<boolean> | null = null;

/**
 * Whether the database answers a trivial statement within the deadline. Probes share one
 * statement in flight, so a database that stopped answering is not sent a new one per probe;
 * that statement ends by itself at the driver's timeouts.
 */
export async function databaseReady(deadlineMs = READY_DEADLINE_MS): Promise<boolean> {
  probe ??= sql`select 1`
    .execute(db())
    .then(
      () => true,
      () => false,
    )
    .finally(() => {
      probe = null;
    });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), deadlineMs);
  });
  try {
    return await Promise.race([probe, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
