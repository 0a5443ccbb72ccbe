import crypto from "node:crypto";
import { getEnv } from "~/config/env.server";
import { safeEqual } from "~/crypto/tokens.server";

export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

/** HMAC-SHA256 over "<unix seconds>.<exact body>", hex. The simulator and tests sign the same way. */
export function signNetworkRequest(secret: string, timestamp: string, body: string): string {
  return crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export function networkClients(): Map<string, string> {
  const clients = new Map<string, string>();
  for (const entry of getEnv().NETWORK_CLIENT_KEYS.split(",")) {
    const index = entry.indexOf(":");
    if (index > 0 && entry.length - index > 16) clients.set(entry.slice(0, index).trim(), entry.slice(index + 1).trim());
  }
  return clients;
}

export type SignatureVerdict = { ok: true; clientId: string; signature: string } | { ok: false; status: 401; detail: string };

/** Checks who signed the request and that it is fresh; says as little as possible about why not. */
export function verifyNetworkSignature(headers: Headers, body: string, now: Date): SignatureVerdict {
  const clientId = headers.get("X-Client-Id") ?? "";
  const timestamp = headers.get("X-Timestamp") ?? "";
  const signature = (headers.get("X-Signature") ?? "").toLowerCase();
  const secret = networkClients().get(clientId);
  if (!secret || !/^\d{9,11}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) {
    return { ok: false, status: 401, detail: "The request is not signed by a known client." };
  }
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > SIGNATURE_WINDOW_MS) {
    return { ok: false, status: 401, detail: "The request timestamp is outside the allowed window." };
  }
  if (!safeEqual(signature, signNetworkRequest(secret, timestamp, body))) {
    return { ok: false, status: 401, detail: "The request is not signed by a known client." };
  }
  return { ok: true, clientId, signature };
}
