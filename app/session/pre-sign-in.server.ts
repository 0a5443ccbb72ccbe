import crypto from "node:crypto";
import { now } from "~/clock.server";
import { getEnv } from "~/config/env.server";
import { safeEqual } from "~/crypto/tokens.server";
import type { RequestContext } from "~/edge/request-context";
import { readCookie } from "./session-cookie.server";
import { getSession } from "./session.server";

/**
 * State for a browser that has not signed in yet, kept in a cookie instead of the database,
 * so a page view writes nothing.
 *
 * The sign-in and enrolment pages need a CSRF token before there is a session. The cookie holds
 * a random nonce and when it was issued; the token the page's forms carry is an HMAC of both
 * under the session secret (a signed double-submit cookie). A forged request would need the
 * token, which only a page read from our origin in the victim's browser can show, and an
 * attacker's own token is worthless: it is bound to a nonce the victim's browser does not hold.
 * The `__Host-` prefix keeps subdomains from planting or reading the cookie, SameSite=Strict keeps
 * cross-site requests from carrying it, and HttpOnly keeps scripts from reading the nonce.
 *
 * The same nonce, hashed, binds the WebAuthn challenges of sign-in and enrolment to this browser
 * (app/auth/challenges.server.ts): the first row a visitor ever causes is written by the
 * rate-limited request that issues passkey options.
 */
export const PRE_SIGN_IN_COOKIE = "__Host-strongroom-pre";
const MAX_AGE_SECONDS = 2 * 60 * 60;
const VALUE = /^(\d{1,6})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

interface PreSignIn {
  keyId: number;
  issuedAt: number;
  nonce: string;
}

function secretFor(keyId: number): string | undefined {
  return getEnv().SESSION_SECRETS.find((entry) => entry.id === keyId)?.secret;
}

function tokenFor(value: PreSignIn): string | null {
  const secret = secretFor(value.keyId);
  if (!secret) return null;
  return crypto.createHmac("sha256", secret).update(`strongroom pre-sign-in csrf v1|${value.issuedAt}|${value.nonce}`).digest("base64url");
}

function read(request: Request): PreSignIn | null {
  const match = VALUE.exec(readCookie(request, PRE_SIGN_IN_COOKIE) ?? "");
  if (!match) return null;
  const value = { keyId: Number(match[1]), issuedAt: Number(match[2]), nonce: match[3] as string };
  const age = Math.floor(now().getTime() / 1000) - value.issuedAt;
  if (age < 0 || age > MAX_AGE_SECONDS || !secretFor(value.keyId)) return null;
  return value;
}

function issue(context: RequestContext): PreSignIn {
  const newest = getEnv().SESSION_SECRETS.reduce((a, b) => (b.id > a.id ? b : a));
  const value = { keyId: newest.id, issuedAt: Math.floor(now().getTime() / 1000), nonce: crypto.randomBytes(32).toString("base64url") };
  context.setCookie(`${PRE_SIGN_IN_COOKIE}=${value.keyId}.${value.issuedAt}.${value.nonce}; Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; Secure; SameSite=Strict`);
  return value;
}

/**
 * The CSRF token for a page that starts sign-in or enrolment. A signed-in visitor uses their
 * session's token; anyone else gets the pre-sign-in token, and the cookie it is bound to when
 * the browser has none yet (or an old one). Never touches the database.
 */
export async function pageCsrfToken(request: Request, context: RequestContext): Promise<string> {
  const session = await getSession(request, context);
  if (session) return session.csrfToken;
  const current = read(request) ?? issue(context);
  return tokenFor(current) as string;
}

/** True when `token` is this browser's pre-sign-in token (the second CSRF line before sign-in). */
export function isPreSignInToken(request: Request, token: string): boolean {
  const current = read(request);
  const expected = current ? tokenFor(current) : null;
  return expected !== null && safeEqual(token, expected);
}

/**
 * What WebAuthn challenges are bound to for this request: the signed-in session, or else this
 * browser's pre-sign-in cookie. Null when there is neither (cookies blocked, or expired).
 */
export async function ceremonyBinding(request: Request, context: RequestContext): Promise<string | null> {
  const session = await getSession(request, context);
  if (session) return session.id;
  const current = read(request);
  return current ? `pre:${crypto.createHash("sha256").update(current.nonce).digest("base64url")}` : null;
}
