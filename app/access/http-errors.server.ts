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
  if (wantsJson(request)) {
    return Response.json(
      { type: "about:blank", title: error.message, status, code: error.code, ...error.detail },
      { status, headers: { "Content-Type": "application/problem+json" } },
    );
  }
  return new Response(error.message, { status, statusText: error.code });
}
