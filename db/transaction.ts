import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema";
import type { Engine } from "./connection";

type Work<T> = (trx: Kysely<Database> | Transaction<Database>) => Promise<T>;

interface Job {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Most transactions one SQLite commit carries. */
const MAX_GROUP = 64;

/**
 * SQLite commits with synchronous = FULL, so each commit waits for the disk. Write
 * transactions that queue up together share one commit: each runs in turn, inside its own
 * savepoint of one BEGIN IMMEDIATE … COMMIT, and none is answered before that COMMIT returns.
 * They run one after another exactly as separate transactions would, each seeing the ones
 * before it, and one that fails is rolled back to its savepoint alone; if the COMMIT itself
 * fails, every transaction of the group fails, and none was acknowledged.
 */
class CommitGroups {
  private readonly queue: Job[] = [];
  private draining = false;

  constructor(private readonly db: Kysely<Database>) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work: work as Work<unknown>, resolve: resolve as (value: unknown) => void, reject });
      if (this.draining) return;
      this.draining = true;
      // One turn of the event loop first: requests already read off their sockets join the group.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP);
        try {
          await this.db.connection().execute((conn) => this.commit(conn, group));
        } catch (error) {
          for (const job of group) job.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async commit(conn: Kysely<Database>, group: Job[]): Promise<void> {
    await sql`begin immediate`.execute(conn);
    const outcomes: (() => void)[] = [];
    try {
      for (const job of group) {
        await sql`savepoint grouped`.execute(conn);
        try {
          const value = await job.work(conn);
          await sql`release grouped`.execute(conn);
          outcomes.push(() => job.resolve(value));
        } catch (error) {
          try {
            await sql`rollback to grouped`.execute(conn);
            await sql`release grouped`.execute(conn);
          } catch {
            // Some errors (a full disk, I/O) end the whole transaction and its savepoints with
            // it: the group fails, with the error that ended it.
            throw error;
          }
          outcomes.push(() => job.reject(error));
        }
      }
      await sql`commit`.execute(conn);
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
    for (const settle of outcomes) settle();
  }
}

const groups = new WeakMap<Kysely<Database>, CommitGroups>();

/**
 * A transaction that takes the write lock up front. On SQLite that is
 * BEGIN IMMEDIATE (a deferred BEGIN can deadlock-upgrade and fail with SQLITE_BUSY), shared
 * with the other write transactions queued at the same moment (CommitGroups); on PostgreSQL
 * callers add `.forUpdate()` (or an advisory lock) to the rows they decide on.
 */
export async function writeTransaction<T>(db: Kysely<Database>, engine: Engine, work: Work<T>): Promise<T> {
  // Lock-then-read relies on READ COMMITTED: each statement after `FOR UPDATE` sees what the
  // previous lock holder committed. Stated here so a server default cannot change it.
  if (engine === "postgres") return db.transaction().setIsolationLevel("read committed").execute(work);
  let commitGroups = groups.get(db);
  if (!commitGroups) {
    commitGroups = new CommitGroups(db);
    groups.set(db, commitGroups);
  }
  return commitGroups.run(work);
}
