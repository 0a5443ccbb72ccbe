import { parse as parseCookieHeader } from "cookie";
import { sealData, unsealData } from "iron-session";
import { now } from "~/clock.server";
import { getEnv } from "~/config/env.server";

// The __Host- prefix makes the browser refuse the cookie unless it is Secure, Path=/ and
// has no Domain, so no subdomain can plant or read it.
export const SESSION_COOKIE = "__Host-strongroom";
export const COOKIE_MAX_AGE_SECONDS = 12 * 60 * 60;

/** iron-session seals with the highest id and opens a cookie with whichever id it names. */
function passwordMap(): Record<string, string> {
  return Object.fromEntries(getEnv().SESSION_SECRETS.map(({ id, secret }) => [String(id), secret]));
}

export async function sealSessionId(sessionId: string): Promise<string> {
  return sealData({ sid: sessionId }, { password: passwordMap(), ttl: COOKIE_MAX_AGE_SECONDS });
}

// Opening a seal derives two keys with PBKDF2 through WebCrypto: about a fifth of a signed-in
// page's server time. A cookie is the same string on every request, so what it opened to is
// remembered for a minute. Only the exact authenticated string finds an entry, and the session
// row behind the id (revocation, idle and absolute timeouts) is still checked on every request.
const OPENED_FOR_MS = 60_000;
const OPENED_MAX = 5_000;
const opened = new Map<string, { sid: string; until: number }>();
// Secrets come from the environment; a new environment (a retired secret) forgets everything.
let openedUnder: object | undefined;

// Exactly what sealSessionId writes: iron's "Fe26.2" fields (password id, salts in hex, IV, data,
// expiry and MAC in base64url) and iron-session's "~2" version suffix. iron-session itself reads
// the suffix with parseInt and ignores anything after it, so a seal with junk appended opened as
// the session; here it is no cookie at all.
const SEAL = /^Fe26\.2\*\d{1,9}\*[0-9a-f]{64}\*[A-Za-z0-9_-]{22}\*[A-Za-z0-9_-]{1,4096}\*\d{0,16}\*[0-9a-f]{64}\*[A-Za-z0-9_-]{43}~2$/;

export async function unsealSessionId(sealed: string): Promise<string | null> {
  if (!SEAL.test(sealed)) return null;
  if (openedUnder !== getEnv()) {
    opened.clear();
    openedUnder = getEnv();
  }
  const at = now().getTime();
  const known = opened.get(sealed);
  if (known && known.until > at) return known.sid;
  try {
    const data = await unsealData<{ sid?: unknown }>(sealed, { password: passwordMap(), ttl: COOKIE_MAX_AGE_SECONDS });
    if (typeof data.sid !== "string") return null;
    opened.delete(sealed);
    if (opened.size >= OPENED_MAX) opened.delete(opened.keys().next().value as string);
    opened.set(sealed, { sid: data.sid, until: at + OPENED_FOR_MS });
    return data.sid;
  } catch {
    return null;
  }
}

/**
 * One cookie's value, parsed by the `cookie` package: quoting and percent-decoding as browsers
 * send them, the first of duplicate names, and no exception for a value that is not valid
 * percent-encoding (it comes back undecoded, and then fails the reader's own format check).
 */
export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  return parseCookieHeader(header)[name] ?? null;
}

export async function sessionCookieHeader(sessionId: string): Promise<string> {
  const sealed = await sealSessionId(sessionId);
  return `${SESSION_COOKIE}=${encodeURIComponent(sealed)}; Path=/; Max-Age=${COOKIE_MAX_AGE_SECONDS}; HttpOnly; Secure; SameSite=Lax`;
}

export function clearSessionCookieHeader(): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`;
}
