import { getEnv } from "~/config/env.server";
import { safeEqual } from "~/crypto/tokens.server";
import { isPreSignInToken } from "~/session/pre-sign-in.server";
import type { RequestContext } from "~/edge/request-context";
import type { CurrentSession } from "~/session/session.server";

export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

/**
 * First line: the browser tells us where a request comes from (Sec-Fetch-Site, Origin);
 * anything cross-site is refused before the body is read.
 */
export function checkRequestOrigin(request: Request, context: Pick<RequestContext, "origin">): CsrfVerdict {
  const site = request.headers.get("Sec-Fetch-Site");
  if (site && site !== "same-origin" && site !== "none") return { ok: false, reason: `sec-fetch-site ${site}` };
  const origin = context.origin === undefined ? request.headers.get("Origin") : context.origin;
  if (origin && !getEnv().ORIGINS.includes(origin)) return { ok: false, reason: `origin ${origin}` };
  if (!site && !origin) return { ok: false, reason: "no origin information" };
  return { ok: true };
}

/**
 * Second line: the token every form carries (see <AuthenticityField>): the session's own, or,
 * on public routes (sign-in and enrolment), the signed double-submit token of a browser that
 * has not signed in yet. Either is unforgeable from another site; routes that need a signed-in
 * person accept only the session's.
 */
export async function checkCsrfToken(request: Request, session: CurrentSession | null, options: { preSignIn: boolean }): Promise<CsrfVerdict> {
  if (!session && !options.preSignIn) return { ok: false, reason: "no session" };
  let token = request.headers.get(CSRF_HEADER);
  const type = request.headers.get("Content-Type") ?? "";
  if (!token && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"))) {
    try {
      const value = (await request.clone().formData()).get(CSRF_FIELD);
      token = typeof value === "string" ? value : null;
    } catch {
      return { ok: false, reason: "unreadable form body" };
    }
  }
  if (!token) return { ok: false, reason: "missing token" };
  if (session && safeEqual(token, session.csrfToken)) return { ok: true };
  if (options.preSignIn && isPreSignInToken(request, token)) return { ok: true };
  return { ok: false, reason: session ? "token mismatch" : "pre-sign-in token mismatch" };
}
