import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Engine } from "../../db/connection";
import { writeTransaction } from "../../db/transaction";
import { acquireLease, releaseLease, repeatEvery, type RepeatingJob } from "./lease.server";

export const RETENTION_LEASE = "retention";
const RETENTION_LEASE_MS = 5 * 60_000;
export const RETENTION_INTERVAL_MS = 10 * 60_000;
/** Rows per delete: short transactions, so payments never queue behind a clean-up. */
const BATCH = 1_000;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type PrunableTable = "sessions" | "webauthn_challenges" | "rate_limits" | "csp_reports" | "outbox" | "api_request_signatures" | "enrolment_codes";

interface RetentionRule {
  table: PrunableTable;
  key: "id" | "key" | "signature";
  /** the row's age is measured from this column */
  column: "revoked_at" | "last_seen_at" | "expires_at" | "window_start" | "at" | "received_at";
  keepMs: number;
  why: string;
}

/**
 * What is deleted, and when. The README's "Data retention" table says the same in words; keep
 * them together. The audit log and its sealed tree are never deleted, nor are money and
 * control records (accounts, transactions, authorizations, control changes): those follow the
 * bank's record-keeping duty, not this job.
 */
export const RETENTION_RULES: readonly RetentionRule[] = [
  { table: "sessions", key: "id", column: "revoked_at", keepMs: 30 * DAY, why: "signed-out sessions: 30 days for investigating a report" },
  // Idle timeout is 15 minutes, the absolute limit 12 hours: unseen for 30 days is long dead.
  { table: "sessions", key: "id", column: "last_seen_at", keepMs: 30 * DAY, why: "sessions that simply lapsed: 30 days after last use" },
  { table: "webauthn_challenges", key: "id", column: "expires_at", keepMs: 60 * MINUTE, why: "single-use challenges: an hour after they expire" },
  { table: "rate_limits", key: "key", column: "window_start", keepMs: 1 * DAY, why: "rate-limit windows (longest 15 minutes): a day" },
  { table: "api_request_signatures", key: "signature", column: "received_at", keepMs: 10 * MINUTE, why: "replay guard: twice the 5-minute signature window" },
  { table: "csp_reports", key: "id", column: "at", keepMs: 30 * DAY, why: "browser CSP violation reports: 30 days" },
  { table: "outbox", key: "id", column: "at", keepMs: 30 * DAY, why: "notices handed to email/SMS delivery: 30 days" },
  { table: "enrolment_codes", key: "id", column: "expires_at", keepMs: 90 * DAY, why: "enrolment codes (hashes only): 90 days after expiry" },
];

async function pruneRule(db: Kysely<Database>, engine: Engine, rule: RetentionRule, at: Date): Promise<number> {
  const cutoff = new Date(at.getTime() - rule.keepMs).toISOString();
  let total = 0;
  for (;;) {
    const deleted = await writeTransaction(db, engine, async (trx) => {
      // Table and column come from the rule's unions; Kysely cannot follow names chosen at run time.
      const t = trx as unknown as Kysely<Record<string, Record<string, string | null>>>;
      const batch = t.selectFrom(rule.table).select(rule.key).where(rule.column, "<", cutoff).limit(BATCH);
      const result = await t.deleteFrom(rule.table).where(rule.key, "in", batch).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

export interface RetentionOutcome {
  held: boolean;
  deleted: Partial<Record<PrunableTable, number>>;
}

/** One pass over every rule, if this instance holds the retention lease. Idempotent. */
export async function runRetention(options: { db: Kysely<Database>; engine: Engine; holder: string; now: () => Date }): Promise<RetentionOutcome> {
  const { db, engine } = options;
  if (!(await acquireLease(db, RETENTION_LEASE, options.holder, RETENTION_LEASE_MS, options.now()))) return { held: false, deleted: {} };
  const deleted: RetentionOutcome["deleted"] = {};
  for (const rule of RETENTION_RULES) {
    const count = await pruneRule(db, engine, rule, options.now());
    if (count > 0) deleted[rule.table] = (deleted[rule.table] ?? 0) + count;
  }
  return { held: true, deleted };
}

export function startRetention(options: { database: () => { db: Kysely<Database>; engine: Engine }; holder: string; now: () => Date; log: (entry: Record<string, unknown>) => void }): RepeatingJob {
  const job = repeatEvery(
    RETENTION_INTERVAL_MS,
    async () => {
      const outcome = await runRetention({ ...options.database(), holder: options.holder, now: options.now });
      if (Object.keys(outcome.deleted).length > 0) options.log({ msg: "retention: expired rows deleted", deleted: outcome.deleted });
      return { more: false };
    },
    (error) => options.log({ level: "error", msg: "retention pass failed; retrying at the next interval", error: error instanceof Error ? error.message : String(error) }),
  );
  return {
    async stop() {
      await job.stop();
      await releaseLease(options.database().db, RETENTION_LEASE, options.holder).catch(() => undefined);
    },
  };
}
