import crypto from "node:crypto";
import { getEnv } from "~/config/env.server";
import { dataKeyRing, type DataKey } from "./key-ring.server";

const VERSION = "v1";

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

/**
 * AES-256-GCM with a fresh 96-bit IV per value. The stored envelope carries the key id
 * so the ring can rotate, and `purpose` is bound as AAD so a value copied into another
 * column (say, an email into a phone field) no longer decrypts.
 * Format: v1.<keyId>.<iv>.<ciphertext>.<tag>, base64url parts.
 */
export function encryptField(plaintext: string, purpose: string, ring: DataKey[] = dataKeyRing()): string {
  const active = ring[0];
  if (!active) throw new Error("The data key ring is empty");
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", active.key, iv);
  cipher.setAAD(Buffer.from(purpose, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, active.id, iv.toString("base64url"), ciphertext.toString("base64url"), tag.toString("base64url")].join(".");
}

export function keyIdOf(envelope: string): string | undefined {
  const parts = envelope.split(".");
  return parts[0] === VERSION ? parts[1] : undefined;
}

export function decryptField(envelope: string, purpose: string, ring: DataKey[] = dataKeyRing()): string {
  const [version, keyId, iv, ciphertext, tag, ...rest] = envelope.split(".");
  if (version !== VERSION || !keyId || !iv || ciphertext === undefined || !tag || rest.length > 0) {
    throw new DecryptionError("Malformed encrypted value");
  }
  const key = ring.find((candidate) => candidate.id === keyId);
  if (!key) throw new DecryptionError(`No key "${keyId}" in the data key ring`);
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(purpose, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("Encrypted value failed authentication");
  }
}

/** True when the value is not yet under the newest key. */
export function needsReencryption(envelope: string, ring: DataKey[] = dataKeyRing()): boolean {
  return keyIdOf(envelope) !== ring[0]?.id;
}

/**
 * Deterministic keyed hash for exact-match look-ups ("find the customer with this email")
 * without storing or decrypting clear text. Values are normalised first so the same
 * address typed differently still matches.
 */
export function blindIndex(value: string, purpose: string, key: Buffer = getEnv().BLIND_INDEX_KEY): string {
  const normalised = value.normalize("NFKC").trim().toLowerCase();
  return crypto.createHmac("sha256", key).update(`${purpose}\u0000${normalised}`).digest("hex");
}
