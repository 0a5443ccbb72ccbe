import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type SQLite from "better-sqlite3-multiple-ciphers";
import { Kysely, PostgresDialect, SqliteDialect, type LogConfig } from "kysely";
import pg from "pg";
import type { Database } from "./schema";
import { scheduleCheckpoints } from "./sqlite-checkpoints";
import { openSqliteFile } from "./sqlite-encryption";

export type Engine = "sqlite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_PATH = "data/strongroom.sqlite";

const DML = /^\s*(select|insert|update|delete|with)\b/i;
// A star's columns change when another instance migrates; its cached plan would then fail.
const STAR = /select\s+\*|\.\*|returning\s+\*/i;

/**
 * node-postgres parses and plans every unnamed query again. Naming a statement by a hash
 * of its (parameterised) text lets each connection prepare it once and reuse the plan.
 * Only data statements with explicit columns are named: a rolling deploy that adds a
 * column would make PostgreSQL refuse a cached "select *" plan ("cached plan must not
 * change result type"), while explicit columns keep their result type. Off behind a
 * transaction-mode pooler: README.md#d54.
 */
class PreparingClient extends pg.Client {
  private readonly prepares: boolean;

  constructor(config?: string | (pg.ClientConfig & { connectMs?: number; preparedStatements?: boolean })) {
    // The pool hands every client its own options, where connectionTimeoutMillis is the wait
    // for a free connection; opening one gets the shorter bound.
    super(typeof config === "object" ? { ...config, connectionTimeoutMillis: config.connectMs ?? POSTGRES_TIMEOUTS.connectMs } : config);
    // A connection the server drops (restart, failover) emits 'error' on a checked-out client;
    // unheard, that event would end the process. The query in flight still fails, the route
    // answers 503, and the pool replaces the dead client.
    this.on("error", () => undefined);
    this.prepares = typeof config === "object" ? config.preparedStatements !== false : true;
  }

  override query(...args: unknown[]): never {
    const [text, values] = args;
    const name = this.prepares && typeof text === "string" && Array.isArray(values) ? statementName(text) : null;
    const result = name ? (super.query as (...a: unknown[]) => unknown)({ name, text, values }) : (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      // A statement whose answer never came (the network dropped it) leaves the connection
      // waiting for it forever; close it, so the pool discards it instead of lending it again.
      result.catch((error: unknown) => {
        if (error instanceof Error && error.message === QUERY_READ_TIMEOUT) this.connection.stream.destroy();
      });
    }
    return result as never;
  }
}

const QUERY_READ_TIMEOUT = "Query read timeout";

/**
 * How long PostgreSQL may keep a request waiting before it answers 503 instead. A payment runs
 * a dozen statements of a few milliseconds each, so every bound is far above normal work and
 * far below what a load balancer or a customer will wait. The server-side limits end the work
 * on the database too, releasing its locks; the client-side ones stand in when the network,
 * not the database, is what stopped answering.
 */
export const POSTGRES_TIMEOUTS: PostgresTimeouts = {
  /** opening a connection: TCP and start-up */
  connectMs: 2_000,
  /** waiting for a free connection in the pool, as a burst queues behind one card's lock */
  acquireMs: 5_000,
  /** server side: one statement (lifted for migrations, which may rebuild an index) */
  statementMs: 5_000,
  /** server side: waiting for a row or table lock, e.g. behind a payment on the same card */
  lockMs: 3_000,
  /** server side: a transaction left open with nothing running — an instance cut off mid-payment — ends and frees its locks */
  idleInTransactionMs: 10_000,
  /** client side: an answer that never arrives; above statementMs so the server's own cancel normally comes first */
  queryMs: 6_000,
};

export interface PostgresTimeouts {
  connectMs: number;
  acquireMs: number;
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
  queryMs: number;
}

/**
 * SQLite waits this long for another process's write lock (a command, a test runner) before
 * the request answers 503. better-sqlite3 waits on the event loop's thread, so the bound is
 * also the longest the server can stall behind another process.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 2_000;

// A payment runs about a dozen statements; hashing each text every time cost more than the
// look-up. Bounded like the SQLite statement cache: the oldest entry goes when it is full.
const statementNames = new Map<string, string | null>();

function statementName(text: string): string | null {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = DML.test(text) && !STAR.test(text) ? `s${crypto.createHash("sha1").update(text).digest("base64url").slice(0, 20)}` : null;
    if (statementNames.size >= STATEMENT_CACHE_SIZE) statementNames.delete(statementNames.keys().next().value as string);
    statementNames.set(text, name);
  }
  return name;
}

// PostgreSQL returns int8 (bigint, count(*)) as strings; our integers (minor units,
// counters) stay far below 2^53, so parse them as numbers at the driver edge.
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query afresh, which was 15 % of an authorization's
 * CPU time. Its SQL is parameterised, so the text of a query shape repeats and its compiled
 * statement can be reused; the cache is bounded and drops its oldest entry when full.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}

/**
 * The only place that knows which engine is in use. No DATABASE_URL means the
 * embedded SQLite file; postgres:// means PostgreSQL.
 */
export interface OpenOptions {
  poolSize?: number;
  log?: LogConfig;
  /** SQLite: checkpoint the WAL on a worker thread (the server), not on this one */
  backgroundCheckpoints?: boolean;
  /** PostgreSQL wait bounds; the defaults are the production values (POSTGRES_TIMEOUTS) */
  postgresTimeouts?: PostgresTimeouts;
  /** SQLite: the whole-file encryption key (SQLITE_KEY); without one the file is plain */
  key?: Buffer;
  /** SQLite: encrypt a plain file in place with `key` (development) instead of refusing it */
  encryptPlainFile?: boolean;
  /**
   * PostgreSQL: name (prepare) data statements per connection. Off behind a pooler that does
   * not track prepared statements per client (PgBouncer in transaction mode before 1.21, or
   * without max_prepared_statements), where a named statement can land on another connection.
   */
  preparedStatements?: boolean;
}

export function openDatabase(databaseUrl: string | undefined, options: OpenOptions = {}): DatabaseHandle {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) {
    const timeouts = options.postgresTimeouts ?? POSTGRES_TIMEOUTS;
    const config: pg.PoolConfig & { connectMs: number; preparedStatements: boolean } = {
      connectionString: databaseUrl,
      preparedStatements: options.preparedStatements ?? true,
      max: options.poolSize ?? 10,
      types: pgTypes,
      Client: PreparingClient,
      connectionTimeoutMillis: timeouts.acquireMs,
      connectMs: timeouts.connectMs,
      statement_timeout: timeouts.statementMs,
      lock_timeout: timeouts.lockMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      query_timeout: timeouts.queryMs,
      // A peer that vanished without a word is noticed on idle connections too.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    };
    const pool = new pg.Pool(config);
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on("error", () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: options.log });
    return { db, engine: "postgres", close: () => db.destroy() };
  }
  const file = databaseUrl?.startsWith("file:") ? databaseUrl.slice("file:".length) : (databaseUrl ?? DEFAULT_SQLITE_PATH);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = openSqliteFile(file, options.key, options.encryptPlainFile ? "encrypt" : "refuse");
  sqlite.pragma("journal_mode = WAL");
  // FULL: every commit reaches the disk before it returns, so an approval the network was
  // told about survives a power cut (NORMAL can lose the last commits of the WAL).
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  // Several processes (server, CLI commands, tests) may write; wait a little, then fail (503).
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const stopCheckpoints = scheduleCheckpoints(sqlite, file, { background: options.backgroundCheckpoints ?? false, key: options.key });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log: options.log });
  return {
    db,
    engine: "sqlite",
    close: async () => {
      await stopCheckpoints();
      await db.destroy();
    },
  };
}
