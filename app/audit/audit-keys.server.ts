import type crypto from "node:crypto";
import { getEnv } from "~/config/env.server";
import { keyIdOf, publicKeyPem, signingKeyFromSeed } from "./merkle";

let cached: { seed: Buffer; key: crypto.KeyObject } | undefined;

/** The checkpoint signing key, from AUDIT_SIGNING_KEY (required in production by the env check). */
export function auditSigningKey(): crypto.KeyObject {
  const seed = getEnv().AUDIT_SIGNING_KEY;
  if (!cached || !cached.seed.equals(seed)) cached = { seed, key: signingKeyFromSeed(seed) };
  return cached.key;
}

/** What anyone needs to check a checkpoint: the public half, as SPKI PEM. */
export function auditPublicKey(): { pem: string; keyId: string } {
  const key = auditSigningKey();
  return { pem: publicKeyPem(key), keyId: keyIdOf(key) };
}
