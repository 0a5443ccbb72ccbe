import { sealData, unsealData } from "iron-session";
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

export async function unsealSessionId(sealed: string): Promise<string | null> {
  try {
    const data = await unsealData<{ sid?: unknown }>(sealed, { password: passwordMap(), ttl: COOKIE_MAX_AGE_SECONDS });
    return typeof data.sid === "string" ? data.sid : null;
  } catch {
    return null;
  }
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return null;
}

export async function sessionCookieHeader(sessionId: string): Promise<string> {
  const sealed = await sealSessionId(sessionId);
  return `${SESSION_COOKIE}=${encodeURIComponent(sealed)}; Path=/; Max-Age=${COOKIE_MAX_AGE_SECONDS}; HttpOnly; Secure; SameSite=Lax`;
}

export function clearSessionCookieHeader(): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`;
}
