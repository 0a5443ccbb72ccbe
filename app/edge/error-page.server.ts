import type express from "express";
import { securityHeaders } from "./security-headers.server";

const TITLES: Record<number, string> = {
  400: "Bad request",
  404: "Page not found",
  405: "Method not allowed",
  413: "Request body too large",
  415: "Unsupported request body",
  500: "Something went wrong",
  503: "Strongroom is briefly unavailable",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Used only when Remix itself cannot answer; says nothing about what went wrong inside. */
export function plainErrorPage(status: number, title: string, requestId: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Strongroom</title></head>
<body><main><h1>${escapeHtml(title)}</h1><p>Please try again in a moment.</p><p>Reference: ${escapeHtml(requestId)}</p></main></body></html>`;
}

/**
 * Answers a request the edge refuses before Remix runs (a body over the ceiling, a path that is
 * not valid percent-encoding, a Host that makes no URL…). The headers are set again here, not
 * trusted from the first middleware: whatever ran in between (a static file half-served, a
 * library's own error page) must not leave an answer without the policy.
 */
export function sendEdgeError(req: express.Request, res: express.Response, status: number, title = TITLES[status] ?? (status >= 500 ? TITLES[500]! : TITLES[400]!)): void {
  const requestId = String(res.locals.requestId ?? "");
  for (const name of res.getHeaderNames()) if (!["x-request-id", "set-cookie"].includes(name)) res.removeHeader(name);
  for (const [name, value] of Object.entries(securityHeaders(String(res.locals.nonce ?? "")))) res.setHeader(name, value);
  res.setHeader("Cache-Control", "no-store");
  if (status === 405) res.setHeader("Allow", "GET, HEAD, POST");
  res.status(status);
  if (req.path.startsWith("/api/")) res.type("application/problem+json").send(JSON.stringify({ type: "about:blank", title, status }));
  else res.type("html").send(plainErrorPage(status, title, requestId));
}
