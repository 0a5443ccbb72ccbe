import { DomainError, type DomainErrorCode } from "~/errors/domain-error";

/** The one place a domain refusal becomes an HTTP status. */
export const HTTP_STATUS: Readonly<Record<DomainErrorCode, number>> = {
  not_found: 404,
  forbidden: 403,
  invalid_input: 422,
  conflict: 409,
  confirmation_required: 403,
  rate_limited: 429,
  too_complex: 422,
  unavailable: 503,
};

function wantsJson(request: Request): boolean {
  const url = new URL(request.url);
  if (url.pathname.startsWith("/api/")) return true;
  const accept = request.headers.get("Accept") ?? "";
  const contentType = request.headers.get("Content-Type") ?? "";
  return accept.includes("json") || contentType.includes("json");
}

/**
 * Machine clients get RFC 9457 problem JSON; pages get a bare status that the root error
 * boundary turns into the page for that status. Neither carries a stack or internals.
 */
export function domainErrorResponse(error: DomainError, request: Request): Response {
  const status = HTTP_STATUS[error.code];
  const headers = new Headers();
  // A refusal that knows when to try again says so in the header clients and proxies read.
  const retryAfter = error.detail.retryAfterSeconds;
  if (typeof retryAfter === "number" && Number.isInteger(retryAfter) && retryAfter > 0) headers.set("Retry-After", String(retryAfter));
  if (wantsJson(request)) {
    headers.set("Content-Type", "application/problem+json");
    return Response.json({ type: "about:blank", title: error.message, status, code: error.code, ...error.detail }, { status, headers });
  }
  return new Response(error.message, { status, statusText: error.code, headers });
}
