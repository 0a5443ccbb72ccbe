import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { AuditRow, Database } from "../../db/schema";
import { writeTransaction } from "../../db/transaction";
import type { Engine } from "../../db/connection";
import { nowIso } from "~/clock.server";
import { database, type Db } from "~/db.server";

export const GENESIS_HASH = "0".repeat(64);
// Any fixed 64-bit number; PostgreSQL advisory locks are keyed by it.
const AUDIT_CHAIN_LOCK = 7_201_126_001;

export interface AuditEvent {
  actorId: string | null;
  actorRole: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** Never secrets or clear-text PII: this is read by staff and shown to customers. */
  details?: Record<string, unknown>;
}

type ChainFields = Omit<AuditRow, "hash">;

/** Who acted and from where, as every audit row records it for a signed-in person. */
export function auditActor(
  user: { id: string; roles: readonly string[] },
  context: { ip: string; userAgent: string },
): Pick<AuditEvent, "actorId" | "actorRole" | "ip" | "userAgent"> {
  return { actorId: user.id, actorRole: user.roles[0] ?? null, ip: context.ip, userAgent: context.userAgent };
}

export function hashAuditRow(row: ChainFields): string {
  const canonical = JSON.stringify([
    row.seq,
    row.at,
    row.actor_id,
    row.actor_role,
    row.action,
    row.subject_type,
    row.subject_id,
    row.ip,
    row.user_agent,
    row.details,
    row.prev_hash,
  ]);
  return crypto.createHash("sha256").update(canonical).digest("hex");
}

async function appendWithin(trx: Db, engine: Engine, event: AuditEvent): Promise<AuditRow> {
  // The chain needs one writer at a time. SQLite already serialises writers (BEGIN IMMEDIATE);
  // PostgreSQL takes a transaction-scoped advisory lock, released at commit.
  if (engine === "postgres") await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const last = await trx.selectFrom("audit_log").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  const fields: ChainFields = {
    seq: (last?.seq ?? 0) + 1,
    at: nowIso(),
    actor_id: event.actorId,
    actor_role: event.actorRole,
    action: event.action,
    subject_type: event.subjectType ?? null,
    subject_id: event.subjectId ?? null,
    ip: event.ip ?? null,
    user_agent: event.userAgent ? event.userAgent.slice(0, 512) : null,
    details: JSON.stringify(event.details ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const row: AuditRow = { ...fields, hash: hashAuditRow(fields) };
  await trx.insertInto("audit_log").values(row).execute();
  return row;
}

/**
 * Appends one event. Pass `trx` to write it in the same transaction as the change it
 * records, so a change and its audit row commit or roll back together.
 */
export async function appendAudit(event: AuditEvent, trx?: Db): Promise<AuditRow> {
  const { db, engine } = database();
  if (trx) return appendWithin(trx, engine, event);
  return writeTransaction(db, engine, (inner) => appendWithin(inner, engine, event));
}

export type ChainVerdict =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: number; reason: string };

/** Walks the chain in order; names the first row whose link or content does not hold. */
export async function verifyAuditChain(kysely: Kysely<Database>, pageSize = 1000): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await kysely
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">=", expectedSeq)
      .orderBy("seq", "asc")
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, checked, brokenAt: expectedSeq, reason: `row ${expectedSeq} is missing (next row is ${row.seq})` };
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, checked, brokenAt: row.seq, reason: `row ${row.seq} does not link to the row before it` };
      }
      const { hash, ...fields } = row;
      if (hashAuditRow(fields) !== hash) {
        return { ok: false, checked, brokenAt: row.seq, reason: `row ${row.seq} was altered after it was written` };
      }
      prevHash = hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
}
