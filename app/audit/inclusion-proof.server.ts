import { db } from "~/db.server";
import { DomainError } from "~/errors/domain-error";
import { canonicalEntry, inclusionPath, leafHash, type Checkpoint, type SealedFields } from "./merkle";

export const AUDIT_KEY_PATH = "/.well-known/strongroom-audit-key";

export interface InclusionProof {
  format: "strongroom-audit-inclusion/v1";
  entry: SealedFields;
  /** the exact bytes hashed into the leaf: SHA-256(0x00 || canonical) */
  canonical: string;
  leafIndex: number;
  leafHash: string;
  /** RFC 9162 audit path, leaf to root */
  path: string[];
  checkpoint: Checkpoint;
  publicKey: string;
}

const notFound = () => new DomainError("not_found", "There is no sealed entry of yours with that number.");

/**
 * A customer's proof that one of their own entries is in the signed log: the entry, its place in
 * the tree, the path to the newest checkpoint's root and that checkpoint. Only entries the person
 * did themselves or that were done without a named actor (a failed sign-in against them): an
 * entry by a staff member would carry that person's address and browser.
 */
export async function inclusionProofFor(userId: string, seq: number): Promise<InclusionProof> {
  const row = await db()
    .selectFrom("audit_log")
    .innerJoin("audit_leaves", "audit_leaves.audit_seq", "audit_log.seq")
    .select(["seq", "at", "actor_id", "actor_role", "action", "subject_type", "subject_id", "ip", "user_agent", "details", "audit_leaves.leaf_index"])
    .where("seq", "=", seq)
    .where((eb) => eb.or([eb("actor_id", "=", userId), eb.and([eb("actor_id", "is", null), eb("subject_type", "=", "user"), eb("subject_id", "=", userId)])]))
    .executeTakeFirst();
  if (!row) throw notFound();
  const head = await db().selectFrom("audit_checkpoints").select(["tree_size", "root_hash", "signed_at", "key_id", "signature"]).orderBy("tree_size", "desc").limit(1).executeTakeFirst();
  if (!head) throw notFound();
  const node = async (level: number, idx: number) => {
    const found = await db().selectFrom("audit_nodes").select("hash").where("level", "=", level).where("idx", "=", idx).executeTakeFirst();
    if (!found) throw new Error(`audit tree node ${level}/${idx} is missing`);
    return found.hash;
  };
  const { leaf_index: leafIndex, ...fields } = row;
  const entry: SealedFields = { ...fields, seq: Number(fields.seq) };
  const canonical = canonicalEntry(entry);
  const treeSize = Number(head.tree_size);
  return {
    format: "strongroom-audit-inclusion/v1",
    entry,
    canonical,
    leafIndex: Number(leafIndex),
    leafHash: leafHash(canonical),
    path: await inclusionPath(Number(leafIndex), treeSize, node),
    checkpoint: { treeSize, rootHash: head.root_hash, signedAt: head.signed_at, keyId: head.key_id, signature: head.signature },
    publicKey: AUDIT_KEY_PATH,
  };
}
