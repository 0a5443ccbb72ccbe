import crypto from "node:crypto";

/**
 * New values for the rotating secrets, computed from the current environment strings, so a
 * rotation is the same whether it lands in `.env.local` (development) or a secret store.
 * Each keeps the old secret working for an overlap: nothing a client holds breaks at once.
 */

const entries = (value: string) => value.split(",").map((part) => part.trim()).filter(Boolean);

/** SESSION_SECRETS with a new secret under a higher id in front: it seals, the others still open. */
export function addSessionSecret(current: string, secret = crypto.randomBytes(32).toString("base64url")): { value: string; id: number } {
  const ids = entries(current).map((entry) => Number(/^(\d{1,6}):/.exec(entry)?.[1] ?? 1));
  const id = Math.max(0, ...ids) + 1;
  return { value: [`${id}:${secret}`, ...entries(current)].join(","), id };
}

/** SESSION_SECRETS with only the newest (highest id) secret: cookies sealed before it stop opening. */
export function retireOldSessionSecrets(current: string): { value: string; retired: number } {
  const list = entries(current).map((entry) => ({ entry, id: Number(/^(\d{1,6}):/.exec(entry)?.[1] ?? 1) }));
  const newest = list.reduce((best, item) => (item.id > best.id ? item : best), list[0] ?? { entry: "", id: 0 });
  return { value: newest.entry, retired: list.length - 1 };
}

const NOT_AFTER = /:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?Z)$/;

/**
 * NETWORK_CLIENT_KEYS with a new key for `clientId` in front and its current key kept until
 * `now + overlap`; keys already past their not-after date (any client) are dropped.
 */
export function rotateNetworkClientKey(
  current: string,
  clientId: string,
  now: Date,
  overlapMs: number,
  secret = crypto.randomBytes(32).toString("base64url"),
): { value: string; secret: string; oldKeyNotAfter: string } {
  const live = entries(current).filter((entry) => {
    const notAfter = NOT_AFTER.exec(entry)?.[1];
    return !notAfter || new Date(notAfter).getTime() >= now.getTime();
  });
  const own = live.filter((entry) => entry.startsWith(`${clientId}:`));
  const others = live.filter((entry) => !entry.startsWith(`${clientId}:`));
  // The client's newest key becomes the old one, valid for the overlap (never longer than it
  // already was); an older key still in its own overlap ends now: a client holds two keys at most.
  const [previous] = own;
  const previousNotAfter = previous ? NOT_AFTER.exec(previous)?.[1] : undefined;
  const until = Math.min(now.getTime() + overlapMs, previousNotAfter ? new Date(previousNotAfter).getTime() : Infinity);
  const oldKeyNotAfter = new Date(until).toISOString().replace(/\.\d{3}Z$/, "Z");
  const kept = previous ? [`${previous.replace(NOT_AFTER, "")}:${oldKeyNotAfter}`] : [];
  return { value: [`${clientId}:${secret}`, ...kept, ...others].join(","), secret, oldKeyNotAfter };
}
