import type http from "node:http";

type Log = (entry: Record<string, unknown>) => void;

let draining = false;
const stopHooks: { name: string; stop: () => Promise<void> }[] = [];

/** True from the moment a shutdown begins: /readyz fails so balancers stop sending here. */
export function isDraining(): boolean {
  return draining;
}

/**
 * Background work (the audit sequencer, retention, …) registers how to stop; a shutdown
 * awaits every hook after the last request has finished and before the pools close.
 */
export function onShutdown(name: string, stop: () => Promise<void>): void {
  stopHooks.push({ name, stop });
}

export interface ShutdownOptions {
  /** keep serving this long after /readyz fails, so the balancer's checks notice first */
  graceMs: number;
  /** then wait at most this long for requests in flight */
  drainTimeoutMs: number;
  closeDatabase: () => Promise<void>;
  log: Log;
  exit?: (code: number) => void;
  /** listen for SIGTERM and SIGINT (the server); tests call the returned function instead */
  signals?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function bounded(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * SIGTERM (and SIGINT): /readyz answers 503 at once; for `graceMs` requests are still served,
 * each on a connection closed after its response (the balancer then holds no idle connection
 * here that could be cut); then the listener closes, idle connections go, requests in flight
 * get up to `drainTimeoutMs` to finish, background jobs stop, the pools close. Exit 0 when
 * nothing was cut short, 1 when the deadline forced connections closed.
 */
export function installGracefulShutdown(server: http.Server, options: ShutdownOptions): (signal: string) => Promise<void> {
  let inFlight = 0;
  let idle: (() => void) | null = null;
  // First among the request listeners, so the header is set before any response starts.
  server.prependListener("request", (_req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight += 1;
    if (draining) res.setHeader("Connection", "close");
    res.once("close", () => {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    });
  });

  let started: Promise<void> | null = null;
  const shutdown = (signal: string) => {
    started ??= (async () => {
      draining = true;
      options.log({ msg: "shutting down: not ready, draining", signal, inFlight, graceMs: options.graceMs });
      if (options.graceMs > 0) await sleep(options.graceMs);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = inFlight === 0 || (await bounded(new Promise<void>((resolve) => (idle = resolve)), options.drainTimeoutMs));
      if (!drained) {
        options.log({ level: "error", msg: "shutdown deadline passed: closing connections with requests in flight", inFlight });
        server.closeAllConnections();
      }
      await bounded(closed, 1_000);
      for (const hook of stopHooks) {
        const stopped = hook.stop().catch((error: unknown) => options.log({ level: "error", msg: "background job failed to stop", job: hook.name, error: String(error) }));
        if (!(await bounded(stopped, options.drainTimeoutMs))) options.log({ level: "error", msg: "background job did not stop in time", job: hook.name });
      }
      await options.closeDatabase().catch((error: unknown) => options.log({ level: "error", msg: "closing the database failed", error: String(error) }));
      options.log({ msg: "shut down", drained });
      (options.exit ?? process.exit)(drained ? 0 : 1);
    })();
    return started;
  };
  if (options.signals ?? true) {
    process.on("SIGTERM", () => void shutdown("SIGTERM"));
    process.on("SIGINT", () => void shutdown("SIGINT"));
  }
  return shutdown;
}
