import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, POSTGRES_TIMEOUTS, type DatabaseHandle, type Engine, type PostgresTimeouts } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { setAppDatabase } from "../../app/db.server";
import { TEST_SQLITE_KEY, testEnv } from "./test-env";

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL points at a server. */
export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ["sqlite", "postgres"] : ["sqlite"];
}

async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL as string;
  const name = `strongroom_t_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // The name is generated above from hex only; identifiers cannot be bound as parameters.
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Test databases wait five times longer than production. The suite shares a small machine
 * with other work, and a burst test (200 payments on one card) can outlast the production
 * bounds there without anything being wrong; the tests about the bounds themselves
 * (database-faults.test.ts) open their connections with the production values.
 */
export const TEST_POSTGRES_TIMEOUTS: PostgresTimeouts = Object.fromEntries(Object.entries(POSTGRES_TIMEOUTS).map(([name, ms]) => [name, ms * 5])) as unknown as PostgresTimeouts;

export interface FreshDatabase {
  handle: DatabaseHandle;
  url: string;
}

/** A new, migrated database for the surrounding describe block, made the app's database. */
export function useFreshDatabase(engine: Engine): { current: () => FreshDatabase } {
  let fresh: FreshDatabase | undefined;
  let cleanup: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    testEnv();
    let url: string;
    if (engine === "postgres") {
      const created = await createPostgresDatabase();
      url = created.url;
      cleanup = created.drop;
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-test-"));
      url = `file:${path.join(dir, "test.sqlite")}`;
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    const handle = openDatabase(url, { poolSize: 30, key: TEST_SQLITE_KEY, postgresTimeouts: TEST_POSTGRES_TIMEOUTS });
    await migrateToLatest(handle.db);
    setAppDatabase(handle);
    fresh = { handle, url };
  });
  afterAll(async () => {
    await fresh?.handle.close();
    await cleanup();
  });
  return {
    current: () => {
      if (!fresh) throw new Error("database not ready");
      return fresh;
    },
  };
}
