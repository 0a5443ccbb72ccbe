import crypto from "node:crypto";
import { getEnv, type NetworkClientKey } from "~/config/env.server";
import { safeEqual } from "~/crypto/tokens.server";

export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

/** HMAC-SHA256 over "<unix seconds>.<exact body>", hex. The simulator and tests sign the same way. */
export function signNetworkRequest(secret: string, timestamp: string, body: string): string {
  return crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** Keys a client may sign with at `now`, newest first: two during a rotation's overlap. */
export function validClientKeys(clientId: string, now: Date): NetworkClientKey[] {
  return getEnv().NETWORK_CLIENT_KEYS.filter((key) => key.clientId === clientId && (!key.notAfter || now.getTime() <= key.notAfter.getTime()));
}

/** The secret each client signs with now (its newest valid key): the simulator's view. */
export function networkClients(now: Date = new Date()): Map<string, string> {
  const clients = new Map<string, string>();
  for (const { clientId } of getEnv().NETWORK_CLIENT_KEYS) {
    const [newest] = validClientKeys(clientId, now);
    if (newest && !clients.has(clientId)) clients.set(clientId, newest.secret);
  }
  return clients;
}

/** A short, non-secret name for a key, so the audit can say which of a client's keys signed. */
export function keyFingerprint(secret: string): string {
  return crypto.createHash("sha256").update(secret).digest("hex").slice(0, 12);
}

export type SignatureRefusal = "unknown_client" | "malformed" | "stale_timestamp" | "bad_signature";

export type SignatureVerdict =
  | { ok: true; clientId: string; signature: string; keyFingerprint: string }
  /** `clientId` only when it names a configured client with a valid key: a stranger's claim is never stored */
  | { ok: false; status: 401; reason: SignatureRefusal; clientId: string | null; detail: string };

const NOT_SIGNED = "The request is not signed by a known client.";

/** Checks who signed the request and that it is fresh; says as little as possible about why not. */
export function verifyNetworkSignature(headers: Headers, body: string, now: Date): SignatureVerdict {
  const claimed = headers.get("X-Client-Id") ?? "";
  const timestamp = headers.get("X-Timestamp") ?? "";
  const signature = (headers.get("X-Signature") ?? "").toLowerCase();
  const keys = validClientKeys(claimed, now);
  const clientId = keys.length > 0 ? claimed : null;
  if (keys.length === 0) return { ok: false, status: 401, reason: "unknown_client", clientId, detail: NOT_SIGNED };
  if (!/^\d{9,11}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) return { ok: false, status: 401, reason: "malformed", clientId, detail: NOT_SIGNED };
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > SIGNATURE_WINDOW_MS) {
    return { ok: false, status: 401, reason: "stale_timestamp", clientId, detail: "The request timestamp is outside the allowed window." };
  }
  // Every valid key is tried (at most two), so the time taken does not tell which one matched.
  let matched: NetworkClientKey | null = null;
  for (const key of keys) {
    if (safeEqual(signature, signNetworkRequest(key.secret, timestamp, body)) && !matched) matched = key;
  }
  if (!matched) return { ok: false, status: 401, reason: "bad_signature", clientId, detail: NOT_SIGNED };
  return { ok: true, clientId: claimed, signature, keyFingerprint: keyFingerprint(matched.secret) };
}
