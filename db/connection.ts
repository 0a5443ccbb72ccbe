import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

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
 * change result type"), while explicit columns keep their result type.
 */
class PreparingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // A connection the server drops (restart, failover) emits 'error' on a checked-out client;
    // unheard, that event would end the process. The query in flight still fails, the route
    // answers 503, and the pool replaces the dead client.
    this.on("error", () => undefined);
  }

  override query(...args: unknown[]): never {
    const [text, values] = args;
    const name = typeof text === "string" && Array.isArray(values) ? statementName(text) : null;
    if (name) return (super.query as (...a: unknown[]) => never)({ name, text, values });
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

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

const CHECKPOINT_EVERY_MS = 250;
const CHECKPOINT_BACKSTOP_PAGES = 10_000;

/**
 * SQLite's automatic checkpoint runs inside whichever commit crosses 1,000 WAL pages: with
 * a decision dirtying ~17 pages, every ~60th payment paid for copying pages back and two
 * fsyncs (a third of commit time). A passive checkpoint on a timer copies each hot page
 * (audit tail, account and card rows) once per batch instead, and never makes a request
 * wait; the raised automatic threshold stays as a backstop if the timer is starved.
 */
function checkpointInBatches(sqlite: SQLite.Database): () => void {
  if (sqlite.memory) return () => undefined;
  sqlite.pragma(`wal_autocheckpoint = ${CHECKPOINT_BACKSTOP_PAGES}`);
  const timer = setInterval(() => {
    try {
      sqlite.pragma("wal_checkpoint(PASSIVE)");
    } catch {
      // Busy or closing: the next tick, or the backstop, checkpoints instead.
    }
  }, CHECKPOINT_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The only place that knows which engine is in use. No DATABASE_URL means the
 * embedded SQLite file; postgres:// means PostgreSQL.
 */
export function openDatabase(databaseUrl: string | undefined, options: { poolSize?: number } = {}): DatabaseHandle {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10, types: pgTypes, Client: PreparingClient });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on("error", () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: "postgres", close: () => db.destroy() };
  }
  const file = databaseUrl?.startsWith("file:") ? databaseUrl.slice("file:".length) : (databaseUrl ?? DEFAULT_SQLITE_PATH);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  // Several processes (server, CLI commands, tests) may write; wait instead of failing.
  sqlite.pragma("busy_timeout = 5000");
  const stopCheckpoints = checkpointInBatches(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    engine: "sqlite",
    close: () => {
      stopCheckpoints();
      return db.destroy();
    },
  };
}
