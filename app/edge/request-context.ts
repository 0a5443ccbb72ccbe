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
  /**
   * The browser's Origin header. The edge takes it off the Request it hands Remix, whose own
   * origin check would otherwise throw (a 500) before our audited refusal (a 403) could answer;
   * the forgery check reads it here instead. Absent when a caller built the Request itself
   * (tests): then the Request's own header is the browser's.
   */
  origin?: string | null;
  /** queue a Set-Cookie header for the response, whatever the route returns */
  setCookie(header: string): void;
  memo: { session?: Promise<CurrentSession | null> };
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends RequestContext {}
}
