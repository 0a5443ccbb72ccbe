import crypto from "node:crypto";
import { getEnv } from "~/config/env.server";
import { keyIdOf, publicHalf, publicKeyPem, signingKeyFromSeed } from "./merkle";

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

/** The raw Ed25519 public key (base64url): the form AUDIT_RETIRED_PUBLIC_KEYS takes after a rotation. */
export function rawPublicKey(key: crypto.KeyObject): string {
  const jwk = publicHalf(key).export({ format: "jwk" });
  return String(jwk.x);
}

/**
 * Every key a checkpoint may have been signed with: the current one and the retired ones.
 * A checkpoint names its key id, so keeping old keys here never lets a wrong one pass.
 */
export function auditVerificationKeys(): crypto.KeyObject[] {
  const retired = getEnv().AUDIT_RETIRED_PUBLIC_KEYS.map((x) => crypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" }));
  return [publicHalf(auditSigningKey()), ...retired];
}
