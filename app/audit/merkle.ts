import crypto from "node:crypto";
import type { Selectable } from "kysely";
import type { AuditLogTable } from "../../db/schema";

/**
 * The RFC 9162 (Certificate Transparency v2) Merkle tree over audit entries, with no I/O:
 * the sequencer, `npm run audit:verify` and the customer's inclusion proofs all use it.
 */

export const EMPTY_ROOT = crypto.createHash("sha256").digest("hex");

/** The fields of an audit row that its leaf commits to: the whole row, in the order below. */
export type SealedFields = Selectable<AuditLogTable>;

export function canonicalEntry(row: SealedFields): string {
  return JSON.stringify([row.seq, row.at, row.actor_id, row.actor_role, row.action, row.subject_type, row.subject_id, row.ip, row.user_agent, row.details]);
}

/** Leaves and inner nodes hash under different prefixes, so neither can pass for the other. */
export function leafHash(canonical: string): string {
  return crypto.createHash("sha256").update(Buffer.from([0])).update(canonical, "utf8").digest("hex");
}

export function nodeHash(left: string, right: string): string {
  return crypto.createHash("sha256").update(Buffer.from([1])).update(Buffer.from(left, "hex")).update(Buffer.from(right, "hex")).digest("hex");
}

export interface TreeNode {
  level: number;
  idx: number;
  hash: string;
}

/**
 * The right edge of a tree: its perfect subtrees, largest first (one per set bit of the size).
 * Appending a leaf merges equal-sized subtrees; each merge completes a node for good.
 */
export class Frontier {
  constructor(
    public size = 0,
    private readonly stack: TreeNode[] = [],
  ) {}

  /** Rebuilds the frontier of a tree of `size` leaves from its stored complete subtrees. */
  static positions(size: number): { level: number; idx: number }[] {
    const out: { level: number; idx: number }[] = [];
    let offset = 0;
    for (let level = 52; level >= 0; level -= 1) {
      const width = 2 ** level;
      if (Math.floor(size / width) % 2 === 1) {
        out.push({ level, idx: offset / width });
        offset += width;
      }
    }
    return out;
  }

  /** Appends a leaf; returns every node that became complete (the leaf first). */
  append(leaf: string): TreeNode[] {
    const completed: TreeNode[] = [{ level: 0, idx: this.size, hash: leaf }];
    this.stack.push(completed[0] as TreeNode);
    for (;;) {
      const right = this.stack[this.stack.length - 1];
      const left = this.stack[this.stack.length - 2];
      if (!right || !left || left.level !== right.level) break;
      this.stack.splice(-2, 2);
      const parent = { level: right.level + 1, idx: Math.floor(right.idx / 2), hash: nodeHash(left.hash, right.hash) };
      this.stack.push(parent);
      completed.push(parent);
    }
    this.size += 1;
    return completed;
  }

  root(): string {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let root = (this.stack[this.stack.length - 1] as TreeNode).hash;
    for (let i = this.stack.length - 2; i >= 0; i -= 1) root = nodeHash((this.stack[i] as TreeNode).hash, root);
    return root;
  }
}

const largestPowerBelow = (n: number) => 2 ** Math.floor(Math.log2(n - 1));

/** The hash of leaves [start, end), read from stored complete subtrees. */
async function rangeHash(start: number, end: number, node: (level: number, idx: number) => Promise<string>): Promise<string> {
  const width = end - start;
  if (Number.isInteger(Math.log2(width)) && start % width === 0) return node(Math.log2(width), start / width);
  const k = largestPowerBelow(width);
  return nodeHash(await rangeHash(start, start + k, node), await rangeHash(start + k, end, node));
}

/** RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of the first `size` leaves. */
export async function inclusionPath(index: number, size: number, node: (level: number, idx: number) => Promise<string>, start = 0): Promise<string[]> {
  if (size - start <= 1) return [];
  const k = largestPowerBelow(size - start);
  if (index < start + k) return [...(await inclusionPath(index, start + k, node, start)), await rangeHash(start + k, size, node)];
  return [...(await inclusionPath(index, size, node, start + k)), await rangeHash(start, start + k, node)];
}

/** RFC 9162 §2.1.3.2. */
export function verifyInclusion(index: number, size: number, leaf: string, path: readonly string[], root: string): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r === root;
}

export interface Checkpoint {
  treeSize: number;
  rootHash: string;
  signedAt: string;
  keyId: string;
  signature: string;
}

/** What the signature covers: a fixed text, so any language can rebuild it. */
export function checkpointMessage(treeSize: number, rootHash: string, signedAt: string): Buffer {
  return Buffer.from(`strongroom-audit-checkpoint/v1\n${treeSize}\n${rootHash}\n${signedAt}\n`, "utf8");
}

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export function signingKeyFromSeed(seed: Buffer): crypto.KeyObject {
  return crypto.createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
}

export function publicKeyPem(key: crypto.KeyObject): string {
  return publicHalf(key).export({ type: "spki", format: "pem" }).toString();
}

/** First 8 bytes of SHA-256 over the public key (SPKI DER), to tell keys apart after a rotation. */
/** The public half of a signing key, or the key itself when it is already public. */
export function publicHalf(key: crypto.KeyObject): crypto.KeyObject {
  // createPublicKey refuses a key that is already public (a verifier holds only those).
  return key.type === "public" ? key : crypto.createPublicKey(key);
}

export function keyIdOf(key: crypto.KeyObject): string {
  const der = publicHalf(key).export({ type: "spki", format: "der" });
  return crypto.createHash("sha256").update(der).digest("hex").slice(0, 16);
}

export function signCheckpoint(key: crypto.KeyObject, treeSize: number, rootHash: string, signedAt: string): Checkpoint {
  const signature = crypto.sign(null, checkpointMessage(treeSize, rootHash, signedAt), key).toString("base64");
  return { treeSize, rootHash, signedAt, keyId: keyIdOf(key), signature };
}

export function checkpointSignatureValid(publicKey: crypto.KeyObject, checkpoint: Checkpoint): boolean {
  try {
    return crypto.verify(null, checkpointMessage(checkpoint.treeSize, checkpoint.rootHash, checkpoint.signedAt), publicKey, Buffer.from(checkpoint.signature, "base64"));
  } catch {
    return false;
  }
}
