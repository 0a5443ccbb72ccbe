import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema";
import type { Engine } from "./connection";

/**
 * A transaction that takes the write lock up front. On SQLite that is
 * BEGIN IMMEDIATE (a deferred BEGIN can deadlock-upgrade and fail with SQLITE_BUSY);
 * on PostgreSQL callers add `.forUpdate()` (or an advisory lock) to the rows they decide on.
 */
export async function writeTransaction<T>(
  db: Kysely<Database>,
  engine: Engine,
  work: (trx: Kysely<Database> | Transaction<Database>) => Promise<T>,
): Promise<T> {
  // Lock-then-read relies on READ COMMITTED: each statement after `FOR UPDATE` sees what the
  // previous lock holder committed. Stated here so a server default cannot change it.
  if (engine === "postgres") return db.transaction().setIsolationLevel("read committed").execute(work);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}
