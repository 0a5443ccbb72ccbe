import { Migrator, PostgresAdapter, sql, type Kysely, type Migration } from "kysely";
import { migrations } from "./migrations/index";
import type { Database } from "./schema";

/**
 * Application connections end any statement after a few seconds (db/connection.ts); a
 * migration may legitimately rebuild an index for longer. On PostgreSQL each migration lifts
 * the statement limit for its own transaction only (SET LOCAL), and keeps the lock limit, so a
 * migration that cannot get its lock fails instead of queueing every request behind it.
 */
function withoutStatementTimeout(migration: Migration): Migration {
  const lift = (db: Kysely<unknown>) => sql`set local statement_timeout = 0`.execute(db);
  return {
    up: async (db) => {
      await lift(db);
      await migration.up(db);
    },
    ...(migration.down
      ? {
          down: async (db: Kysely<unknown>) => {
            await lift(db);
            await migration.down?.(db);
          },
        }
      : {}),
  };
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const provided = postgres ? Object.fromEntries(Object.entries(migrations).map(([name, migration]) => [name, withoutStatementTimeout(migration)])) : migrations;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => provided } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
