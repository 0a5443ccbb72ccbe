import type { CurrentSession } from "~/session/session.server";

/**
 * What the server entry hands every loader and action of one request. `memo` lets the
 * loaders of a request share one session look-up instead of repeating it.
 */
export interface RequestContext {
  requestId: string;
  nonce: string;
  ip: string;
  userAgent: string;
  /** queue a Set-Cookie header for the response, whatever the route returns */
  setCookie(header: string): void;
  memo: { session?: Promise<CurrentSession | null> };
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends RequestContext {}
}
