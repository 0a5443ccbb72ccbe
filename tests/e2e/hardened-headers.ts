import { expect } from "@playwright/test";

/**
 * The full set every response carries, whatever answered it — a page, a refusal, the edge before
 * Remix ran, or Remix's own 404/405: a strict nonce CSP with Trusted Types, no framing, no sniffing,
 * the isolation and referrer policies, HSTS, and nothing stored by a browser or a proxy.
 */
export function expectFullHeaderSet(headers: Record<string, string>, where: string): void {
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, `CSP on ${where}`).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  for (const directive of ["default-src 'none'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "require-trusted-types-for 'script'", "trusted-types 'none'"]) {
    expect(csp, `${directive} on ${where}`).toContain(directive);
  }
  expect(csp, `CSP on ${where}`).not.toContain("unsafe-eval");
  expect(headers["strict-transport-security"], `HSTS on ${where}`).toBe("max-age=31536000; includeSubDomains");
  expect(headers["x-content-type-options"], `nosniff on ${where}`).toBe("nosniff");
  expect(headers["x-frame-options"], `X-Frame-Options on ${where}`).toBe("DENY");
  expect(headers["referrer-policy"], `Referrer-Policy on ${where}`).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], `Permissions-Policy on ${where}`).toContain("camera=()");
  expect(headers["cross-origin-opener-policy"], `COOP on ${where}`).toBe("same-origin");
  expect(headers["cross-origin-resource-policy"], `CORP on ${where}`).toBe("same-origin");
  expect(headers["cache-control"], `Cache-Control on ${where}`).toBe("no-store");
  expect(headers["x-request-id"], `request id on ${where}`).toMatch(/^[0-9a-f-]{36}$/);
  expect(headers["x-powered-by"], `X-Powered-By on ${where}`).toBeUndefined();
}
