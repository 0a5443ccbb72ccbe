import type { AppLoadContext } from "@remix-run/node";

export function requestContext(overrides: Partial<AppLoadContext> = {}): AppLoadContext & { cookies: string[] } {
  const cookies: string[] = [];
  return {
    requestId: "test-request",
    nonce: "test-nonce",
    ip: "203.0.113.7",
    userAgent: "Vitest",
    setCookie: (header: string) => cookies.push(header),
    memo: {},
    cookies,
    ...overrides,
  };
}

/** A request carrying the cookie a previous response set. */
export function requestWithCookie(setCookie: string | undefined, init: RequestInit & { url?: string } = {}): Request {
  const pair = setCookie?.split(";")[0];
  const headers = new Headers(init.headers);
  if (pair) headers.set("Cookie", pair);
  return new Request(init.url ?? "http://localhost:3000/", { ...init, headers });
}
