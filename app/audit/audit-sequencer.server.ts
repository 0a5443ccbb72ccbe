import fs from "node:fs";
import path from "node:path";
import type crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Engine } from "../../db/connection";
import { writeTransaction } from "../../db/transaction";
import { acquireLease, holdLease, releaseLease, repeatEvery, type RepeatingJob } from "~/jobs/lease.server";
import { canonicalEntry, Frontier, leafHash, signCheckpoint, type Checkpoint, type SealedFields, type TreeNode } from "./merkle";

export const SEQUENCER_LEASE = "audit-sequencer";
export const SEQUENCER_LEASE_MS = 10_000;
export const SEQUENCER_INTERVAL_MS = 250;
export const SEQUENCER_BATCH = 256;

/** Where checkpoints go outside the database: an append-only file, or stdout for log shipping. */
export type Witness = (checkpoint: Checkpoint) => void;

export function witnessLine(checkpoint: Checkpoint): string {
  return `${JSON.stringify({ treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, signedAt: checkpoint.signedAt, keyId: checkpoint.keyId, signature: checkpoint.signature })}\n`;
}

export function fileWitness(target: string): Witness {
  if (target === "-") return (checkpoint) => process.stdout.write(witnessLine(checkpoint));
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  return (checkpoint) => fs.appendFileSync(target, witnessLine(checkpoint), { flag: "a", mode: 0o640 });
}

export interface SequencerOptions {
  db: Kysely<Database>;
  engine: Engine;
  signingKey: crypto.KeyObject;
  witness: Witness | null;
  /** this instance's name in the lease */
  holder: string;
  now: () => Date;
  batchSize?: number;
  leaseMs?: number;
  /** tests stop a batch half-way, as a crash would */
  beforeCommit?: () => Promise<void>;
}

export interface SealOutcome {
  /** false: another instance holds the lease */
  held: boolean;
  sealed: number;
  checkpoint: Checkpoint | null;
}

/** A row waiting for its leaf, with (on PostgreSQL) the transaction that wrote it. */
type PendingRow = SealedFields & { tx: string | null };

const ENTRY_COLUMNS = sql`seq, at, actor_id, actor_role, action, subject_type, subject_id, ip, user_agent, details`;

/**
 * Which committed rows come next, in the order they become leaves.
 *
 * SQLite has one writer at a time, so rows become visible in seq order: the next rows are those
 * after the last sealed seq. PostgreSQL hands out seqs before commit, so a row with a lower seq
 * can commit after one with a higher seq. There the order is (transaction id, seq), and only rows
 * of transactions below `bound` (postgresSealBound) are taken: those transactions have all ended,
 * so no row can still appear before the cursor. A slow transaction delays sealing, never skips it.
 * The ORDER BY names the table's column: a bare "tx" would be the text alias of the select list,
 * and "10" sorts before "9", which once left entries behind the cursor for good.
 */
async function pendingRows(trx: Kysely<Database>, engine: Engine, cursor: { seq: number; tx: string | null } | null, bound: string | null, limit: number): Promise<PendingRow[]> {
  if (engine === "postgres") {
    const after = cursor ? sql`and (tx, seq) > (${cursor.tx}::xid8, ${cursor.seq})` : sql``;
    const rows = await sql<PendingRow>`select ${ENTRY_COLUMNS}, tx::text as tx from audit_log
      where tx < ${bound}::xid8 ${after} order by audit_log.tx, audit_log.seq limit ${limit}`.execute(trx);
    return rows.rows;
  }
  const rows = await sql<PendingRow>`select ${ENTRY_COLUMNS}, null as tx from audit_log
    where seq > ${cursor?.seq ?? 0} order by seq limit ${limit}`.execute(trx);
  return rows.rows;
}

const EPOCH = 2n ** 32n;

/**
 * The transaction id below which every transaction of this database has ended. The snapshot's
 * own xmin would do, but it counts transactions of every database on the server, so one long
 * transaction anywhere (a report, another application) would stall sealing here. Instead: read
 * xmax first (every id below it was handed out before this moment), then this database's running
 * transactions; an id below xmax not running now has ended. pg_stat_activity shows 32-bit ids: the
 * epoch comes from xmax (a running id is never 2^31 or more behind it). Another role's sessions
 * show no id unless the app role has pg_read_all_stats; rows they write late are then reported by
 * audit:verify as unsealed instead of being sealed.
 */
async function postgresSealBound(db: Kysely<Database>): Promise<string> {
  const snapshot = await sql<{ xmax: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(db);
  const xmax = BigInt(snapshot.rows[0]?.xmax ?? "0");
  const running = await sql<{ xid: string }>`select backend_xid::text as xid from pg_stat_activity where datname = current_database() and backend_xid is not null`.execute(db);
  let bound = xmax;
  for (const row of running.rows) {
    let full = (xmax / EPOCH) * EPOCH + BigInt(row.xid);
    if (full >= xmax + EPOCH / 2n) full -= EPOCH;
    if (full < bound) bound = full;
  }
  return bound.toString();
}

async function loadFrontier(trx: Kysely<Database>, size: number): Promise<Frontier> {
  const positions = Frontier.positions(size);
  if (positions.length === 0) return new Frontier();
  const rows = await trx
    .selectFrom("audit_nodes")
    .select(["level", "idx", "hash"])
    .where((eb) => eb.or(positions.map((p) => eb.and([eb("level", "=", p.level), eb("idx", "=", p.idx)]))))
    .execute();
  const stack = positions.map((p) => {
    const found = rows.find((row) => Number(row.level) === p.level && Number(row.idx) === p.idx);
    if (!found) throw new Error(`audit tree node ${p.level}/${p.idx} is missing: run npm run audit:verify`);
    return { level: p.level, idx: p.idx, hash: found.hash };
  });
  return new Frontier(size, stack);
}

async function cursorAt(trx: Kysely<Database>, engine: Engine, size: number): Promise<{ seq: number; tx: string | null } | null> {
  if (size === 0) return null;
  const last = await trx.selectFrom("audit_leaves").select("audit_seq").where("leaf_index", "=", size - 1).executeTakeFirstOrThrow();
  const seq = Number(last.audit_seq);
  if (engine !== "postgres") return { seq, tx: null };
  const row = await sql<{ tx: string }>`select tx::text as tx from audit_log where seq = ${seq}`.execute(trx);
  const tx = row.rows[0]?.tx;
  if (!tx) throw new Error(`sealed audit entry ${seq} is missing: run npm run audit:verify`);
  return { seq, tx };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * One batch: seals the committed entries not yet in the tree (at most `batchSize`), in one
 * transaction with the nodes they complete and a signed checkpoint of the new tree; then hands
 * the checkpoint to the witness. Safe to call from any number of instances at once: the lease
 * picks one, and the lease row lock plus the unique leaf per entry stop a stale holder.
 */
export async function sealPending(options: SequencerOptions): Promise<SealOutcome> {
  const { db, engine } = options;
  const leaseMs = options.leaseMs ?? SEQUENCER_LEASE_MS;
  const limit = options.batchSize ?? SEQUENCER_BATCH;
  if (!(await acquireLease(db, SEQUENCER_LEASE, options.holder, leaseMs, options.now()))) return { held: false, sealed: 0, checkpoint: null };
  // Read before the batch's own transaction starts, so it cannot count itself as running.
  const bound = engine === "postgres" ? await postgresSealBound(db) : null;
  const outcome = await writeTransaction(db, engine, async (trx) => {
    if (!(await holdLease(trx, SEQUENCER_LEASE, options.holder, leaseMs, options.now()))) return { held: false, sealed: 0, checkpoint: null };
    const head = await trx.selectFrom("audit_checkpoints").select((eb) => eb.fn.max("tree_size").as("size")).executeTakeFirst();
    const size = Number(head?.size ?? 0);
    const rows = await pendingRows(trx, engine, await cursorAt(trx, engine, size), bound, limit);
    if (rows.length === 0) return { held: true, sealed: 0, checkpoint: null };
    const frontier = await loadFrontier(trx, size);
    const nodes: TreeNode[] = [];
    const sealedAt = options.now().toISOString();
    const leaves = rows.map((row) => {
      const leafIndex = frontier.size;
      nodes.push(...frontier.append(leafHash(canonicalEntry({ ...row, seq: Number(row.seq) }))));
      return { leaf_index: leafIndex, audit_seq: Number(row.seq), sealed_at: sealedAt };
    });
    for (const part of chunks(leaves, 200)) await trx.insertInto("audit_leaves").values(part).execute();
    for (const part of chunks(nodes, 200)) await trx.insertInto("audit_nodes").values(part).execute();
    const checkpoint = signCheckpoint(options.signingKey, frontier.size, frontier.root(), sealedAt);
    await trx
      .insertInto("audit_checkpoints")
      .values({ tree_size: checkpoint.treeSize, root_hash: checkpoint.rootHash, signed_at: checkpoint.signedAt, key_id: checkpoint.keyId, signature: checkpoint.signature })
      .execute();
    await options.beforeCommit?.();
    return { held: true, sealed: rows.length, checkpoint };
  });
  // After the commit: a witness never holds a checkpoint the database rolled back.
  if (outcome.checkpoint) options.witness?.(outcome.checkpoint);
  return outcome;
}

/** Seals until nothing committed is left (tests, and the command line). */
export async function sealAll(options: SequencerOptions): Promise<number> {
  let total = 0;
  for (;;) {
    const outcome = await sealPending(options);
    total += outcome.sealed;
    if (!outcome.held || outcome.sealed < (options.batchSize ?? SEQUENCER_BATCH)) return total;
  }
}

/**
 * The sequencer of this app instance: every SEQUENCER_INTERVAL_MS (at once again after a full
 * batch) it seals what has committed, if it holds the lease. Stopped by graceful shutdown.
 */
export function startAuditSequencer(options: Omit<SequencerOptions, "db" | "engine"> & { database: () => { db: Kysely<Database>; engine: Engine }; log: (entry: Record<string, unknown>) => void }): RepeatingJob {
  const { database, log, ...rest } = options;
  const job = repeatEvery(
    SEQUENCER_INTERVAL_MS,
    async () => {
      const outcome = await sealPending({ ...rest, ...database() });
      return { more: outcome.sealed >= (rest.batchSize ?? SEQUENCER_BATCH) };
    },
    (error) => log({ level: "error", msg: "audit sequencer batch failed; retrying", error: error instanceof Error ? error.message : String(error) }),
  );
  return {
    async stop() {
      await job.stop();
      await releaseLease(database().db, SEQUENCER_LEASE, rest.holder).catch(() => undefined);
    },
  };
}
