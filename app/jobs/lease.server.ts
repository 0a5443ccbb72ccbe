import crypto from "node:crypto";
import os from "node:os";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Db } from "~/db.server";

/** Names this process among the instances competing for background jobs. */
export function instanceHolderId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;
}

/**
 * Takes or renews the lease on a background job: one row per job names its holder until an
 * expiry. The holder renews well before that; if it dies, the row expires and the next instance
 * to ask takes over. Works alike on both engines (insert-if-absent, then a conditional update
 * that PostgreSQL re-checks against a concurrent winner).
 */
export async function acquireLease(db: Kysely<Database>, name: string, holder: string, ttlMs: number, at: Date): Promise<boolean> {
  const expiresAt = new Date(at.getTime() + ttlMs).toISOString();
  await db.insertInto("job_leases").values({ name, holder, expires_at: expiresAt }).onConflict((oc) => oc.column("name").doNothing()).execute();
  const taken = await db
    .updateTable("job_leases")
    .set({ holder, expires_at: expiresAt })
    .where("name", "=", name)
    .where((eb) => eb.or([eb("holder", "=", holder), eb("expires_at", "<", at.toISOString())]))
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/**
 * Inside a job's write transaction: renews the lease and confirms it is still ours. On
 * PostgreSQL this locks the lease row until commit, so a holder that stalled past its expiry
 * and one that took over never write a batch at the same time.
 */
export async function holdLease(trx: Db, name: string, holder: string, ttlMs: number, at: Date): Promise<boolean> {
  const renewed = await trx
    .updateTable("job_leases")
    .set({ expires_at: new Date(at.getTime() + ttlMs).toISOString() })
    .where("name", "=", name)
    .where("holder", "=", holder)
    .executeTakeFirst();
  return Number(renewed.numUpdatedRows) === 1;
}

export async function releaseLease(db: Kysely<Database>, name: string, holder: string): Promise<void> {
  // Expired now rather than deleted: the next instance takes over without waiting for the TTL.
  await db.updateTable("job_leases").set({ expires_at: new Date(0).toISOString() }).where("name", "=", name).where("holder", "=", holder).execute();
}

export interface RepeatingJob {
  /** resolves once the run in progress (if any) has finished; no run starts afterwards */
  stop(): Promise<void>;
}

/**
 * Runs `work` every `intervalMs`, at once again while it reports more to do, never two runs at
 * a time. A failing run is logged and retried at the next tick (the database may be away).
 */
export function repeatEvery(intervalMs: number, work: () => Promise<{ more: boolean }>, onError: (error: unknown) => void): RepeatingJob {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      let more = true;
      while (more && !stopped) {
        try {
          more = (await work()).more;
        } catch (error) {
          onError(error);
          more = false;
        }
      }
    })();
    void running.then(() => {
      if (!stopped) schedule();
    });
  };
  // Unreferenced: a job alone never keeps a process alive; the server's listener does.
  const schedule = () => {
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
