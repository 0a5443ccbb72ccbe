import crypto from "node:crypto";
import fs from "node:fs";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema";
import { AUDIT_ENTRY_COLUMNS } from "./audit-entry-columns";
import { canonicalEntry, checkpointSignatureValid, EMPTY_ROOT, Frontier, keyIdOf, leafHash, type Checkpoint } from "./merkle";

/** An entry older than this and still outside the tree means the sequencer is stuck or was bypassed. */
export const SEALING_LAG_LIMIT_MS = 10_000;

export type AuditVerdict = {
  sealed: number;
  checkpoints: number;
  witnessed: number;
  /** committed entries older than SEALING_LAG_LIMIT_MS not yet in the tree */
  unsealed: { count: number; oldestSeq: number | null };
} & ({ ok: true } | { ok: false; failure: string; seq?: number; treeSize?: number });

const witnessLineSchema = z.object({
  treeSize: z.number().int().min(0),
  rootHash: z.string().regex(/^[0-9a-f]{64}$/),
  signedAt: z.string().min(1).max(64),
  keyId: z.string().max(64),
  signature: z.string().max(200),
});

/** Reads a witness file; a line that is not a checkpoint is itself a failure, named by its line number. */
export function readWitness(file: string): { checkpoints: Checkpoint[] } | { error: string } {
  const checkpoints: Checkpoint[] = [];
  const lines = fs.readFileSync(file, "utf8").split("\n");
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return { error: `witness line ${i + 1} is not JSON` };
    }
    const result = witnessLineSchema.safeParse(parsed);
    if (!result.success) return { error: `witness line ${i + 1} is not a checkpoint` };
    checkpoints.push(result.data);
  }
  return { checkpoints };
}

interface Target {
  checkpoint: Checkpoint;
  source: "database" | "witness";
}

const describe = (target: Target) => `${target.source === "witness" ? "witness" : "database"} checkpoint of size ${target.checkpoint.treeSize} signed ${target.checkpoint.signedAt}`;

/**
 * Rebuilds the Merkle tree from the entries, in leaf order, and checks at every checkpoint size
 * (the database's and, if given, the witness's) that the signature holds and the rebuilt root is
 * the signed one. Every checkpoint is then a prefix of the same tree, so each extends the one
 * before. Names the first entry or checkpoint that fails.
 *
 * `publicKeys` holds the current key and any retired ones: each checkpoint is checked with the
 * key its key id names. The id is not signed, so one rewritten to name another given key only
 * makes the signature fail.
 */
export async function verifyAuditLog(
  db: Kysely<Database>,
  options: { publicKeys: readonly crypto.KeyObject[]; witness?: Checkpoint[]; now: Date; pageSize?: number },
): Promise<AuditVerdict> {
  const pageSize = options.pageSize ?? 2000;
  const keys = new Map(options.publicKeys.map((key) => [keyIdOf(key), key]));
  const signatureProblem = (checkpoint: Checkpoint): string | null => {
    const key = keys.get(checkpoint.keyId);
    if (!key) return `the signature does not verify: it names key id ${checkpoint.keyId}, none of the audit public keys given (${[...keys.keys()].join(", ")}); forged, or signed by a key not given`;
    return checkpointSignatureValid(key, checkpoint) ? null : `the signature does not verify with the audit public key ${checkpoint.keyId} (forged or altered)`;
  };
  const stored = await db.selectFrom("audit_checkpoints").select(["tree_size", "root_hash", "signed_at", "key_id", "signature"]).orderBy("tree_size").execute();
  const targets: Target[] = [
    ...stored.map((row) => ({ source: "database" as const, checkpoint: { treeSize: Number(row.tree_size), rootHash: row.root_hash, signedAt: row.signed_at, keyId: row.key_id, signature: row.signature } })),
    ...(options.witness ?? []).map((checkpoint) => ({ source: "witness" as const, checkpoint })),
  ].sort((a, b) => a.checkpoint.treeSize - b.checkpoint.treeSize || (a.source === b.source ? 0 : a.source === "witness" ? -1 : 1));

  const unsealedRow = await db
    .selectFrom("audit_log")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("seq").as("oldest")])
    .where("at", "<", new Date(options.now.getTime() - SEALING_LAG_LIMIT_MS).toISOString())
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("audit_leaves").select("leaf_index").whereRef("audit_leaves.audit_seq", "=", "audit_log.seq"))))
    .executeTakeFirst();
  const unsealed = { count: Number(unsealedRow?.n ?? 0), oldestSeq: unsealedRow?.oldest == null ? null : Number(unsealedRow.oldest) };
  const base = { checkpoints: stored.length, witnessed: options.witness?.length ?? 0, unsealed };

  const frontier = new Frontier();
  // Seqs of the leaves since the last checkpoint that held: where an edit must be.
  let sinceGood: number[] = [];
  let next = 0;
  const suspects = () =>
    sinceGood.length === 1
      ? `entry seq ${sinceGood[0]} (leaf ${frontier.size - 1})`
      : `one of entries seq ${sinceGood.join(", ")} (leaves ${frontier.size - sinceGood.length}–${frontier.size - 1})`;
  // In leaf order, so the first failure is the earliest point where the log stops being what was signed.
  const check = (target: Target): string | null => {
    const root = frontier.size === 0 ? EMPTY_ROOT : frontier.root();
    const unsigned = signatureProblem(target.checkpoint);
    if (unsigned) {
      // A root recomputed after an edit fails here: the editor could not re-sign it.
      const edited = root === target.checkpoint.rootHash && sinceGood.length > 0 ? `; its root was rewritten to match ${suspects()}, so that is where the edit is unless only the signature was forged` : "";
      return `${describe(target)}: ${unsigned}${edited}`;
    }
    if (root === target.checkpoint.rootHash) return null;
    return `${describe(target)} does not match the entries: ${suspects()} was altered, replaced or reordered after it was signed`;
  };
  let t = 0;
  const checkReached = (): AuditVerdict | null => {
    while (t < targets.length && (targets[t] as Target).checkpoint.treeSize === frontier.size) {
      const target = targets[t] as Target;
      const problem = check(target);
      if (problem) return { ...base, ok: false, sealed: frontier.size, treeSize: target.checkpoint.treeSize, seq: sinceGood.length === 1 ? sinceGood[0] : undefined, failure: problem };
      t += 1;
      if (t === targets.length || (targets[t] as Target).checkpoint.treeSize > frontier.size) sinceGood = [];
    }
    return null;
  };

  const early = checkReached();
  if (early) return early;
  for (;;) {
    const page = await db
      .selectFrom("audit_leaves")
      .leftJoin("audit_log", "audit_log.seq", "audit_leaves.audit_seq")
      .leftJoin("audit_nodes", (join) => join.on("audit_nodes.level", "=", 0).onRef("audit_nodes.idx", "=", "audit_leaves.leaf_index"))
      .select([
        "audit_leaves.leaf_index",
        "audit_leaves.audit_seq",
        ...AUDIT_ENTRY_COLUMNS,
        "audit_log.ip",
        "audit_log.user_agent",
        "audit_nodes.hash",
      ])
      .where("audit_leaves.leaf_index", ">=", next)
      .orderBy("audit_leaves.leaf_index")
      .limit(pageSize)
      .execute();
    if (page.length === 0) break;
    for (const row of page) {
      const fail = (failure: string): AuditVerdict => ({ ...base, ok: false, sealed: frontier.size, seq: Number(row.audit_seq), failure });
      if (Number(row.leaf_index) !== next) return { ...base, ok: false, sealed: frontier.size, failure: `leaf ${next} is missing from the tree (the next stored leaf is ${row.leaf_index})` };
      if (row.seq === null || row.at === null || row.action === null || row.details === null) return fail(`entry seq ${row.audit_seq} (leaf ${next}) was deleted after it was sealed`);
      const leaf = leafHash(
        canonicalEntry({ seq: Number(row.seq), at: row.at, actor_id: row.actor_id, actor_role: row.actor_role, action: row.action, subject_type: row.subject_type, subject_id: row.subject_id, ip: row.ip, user_agent: row.user_agent, details: row.details }),
      );
      if (row.hash !== leaf) return fail(`entry seq ${row.audit_seq} (leaf ${next}) was altered after it was sealed: its stored leaf hash does not match`);
      frontier.append(leaf);
      sinceGood.push(Number(row.audit_seq));
      next += 1;
      const reached = checkReached();
      if (reached) return reached;
    }
  }
  const seqs = await db.selectFrom("audit_leaves").select(sql<number>`count(distinct audit_seq)`.as("n")).executeTakeFirst();
  if (Number(seqs?.n ?? 0) !== frontier.size) return { ...base, ok: false, sealed: frontier.size, failure: "an entry is sealed at two leaves" };
  const beyond = targets[t];
  const beyondUnsigned = beyond ? signatureProblem(beyond.checkpoint) : null;
  if (beyond && beyondUnsigned) {
    return { ...base, ok: false, sealed: frontier.size, treeSize: beyond.checkpoint.treeSize, failure: `${describe(beyond)}: ${beyondUnsigned}` };
  }
  if (beyond) {
    return {
      ...base,
      ok: false,
      sealed: frontier.size,
      treeSize: beyond.checkpoint.treeSize,
      failure: `${describe(beyond)} covers ${beyond.checkpoint.treeSize} entries but the database holds only ${frontier.size} sealed entries: the tail was removed`,
    };
  }
  return { ...base, ok: true, sealed: frontier.size };
}
