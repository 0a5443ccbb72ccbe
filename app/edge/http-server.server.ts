import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { routePolicies } from "~/access/route-policies";
import { enforceRoutePolicies } from "~/access/enforce-route-policies.server";
import { getEnv } from "~/config/env.server";
import { database, databaseReady } from "~/db.server";
import { prepareDatabase, prepareEnvironment, startBackgroundJobs } from "~/startup.server";
import { log } from "./access-log.server";
import { installGracefulShutdown, isDraining } from "./graceful-shutdown.server";
import { sendFetchResponse, toFetchRequest } from "./node-fetch-bridge.server";
import { sendEdgeError } from "./error-page.server";
import "./request-context";
import { securityHeaders } from "./security-headers.server";

// The largest legitimate body is a guide's source in the editor: GUIDE_SOURCE_MAX_CHARS
// (app/guides/guide-limits.ts, 50,000) characters, at most 9 bytes each once non-ASCII text is
// form-encoded (450 KB); a body somewhat over the limit must still reach the editor's own message.
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** The status an error from the middleware chain (body reader, static files) asks for, if a 4xx. */
function clientErrorStatus(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const status = "status" in error ? error.status : "statusCode" in error ? error.statusCode : null;
  return typeof status === "number" && status >= 400 && status < 500 ? status : null;
}

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function hasDataQuery(originalUrl: string): boolean {
  const query = originalUrl.indexOf("?");
  return query >= 0 && new URLSearchParams(originalUrl.slice(query + 1)).has("_data");
}

export function createApp(rawBuild: ServerBuild): express.Express {
  const env = getEnv();
  const build = enforceRoutePolicies(rawBuild, routePolicies, { production: env.NODE_ENV === "production", benchRoutes: env.BENCH_ROUTES === "1", log });
  const handle = createRequestHandler(build, "production");
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = crypto.randomUUID();
    const nonce = crypto.randomBytes(18).toString("base64");
    res.locals.requestId = requestId;
    res.locals.nonce = nonce;
    res.setHeader("X-Request-Id", requestId);
    for (const [name, value] of Object.entries(securityHeaders(nonce))) res.setHeader(name, value);
    // Pages, data and refusals can be personal: nothing is stored by browsers or proxies unless a
    // later middleware says so (static files set their own Cache-Control).
    res.setHeader("Cache-Control", "no-store");
    if (env.ACCESS_LOG === "on") {
      res.on("finish", () => {
        log({
          msg: "request",
          requestId,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          ip: req.ip,
        });
      });
    }
    next();
  });

  // Load balancer probes answer without Remix: cheap, and never behind a session.
  app.get("/healthz", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    // A draining instance says so first, so the balancer stops sending before it stops accepting.
    if (isDraining()) return void res.status(503).json({ status: "draining" });
    if (await databaseReady()) res.json({ status: "ready" });
    else res.status(503).json({ status: "unavailable" });
  });

  // Browsers ask for /favicon.ico whenever a document has no icon link, as it briefly does when
  // Remix remounts the document after an error page; the icon we ship is the SVG.
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));

  app.use(compression());
  app.use("/build", express.static(path.resolve("public/build"), { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static(path.resolve("public"), { maxAge: "1h", index: false }));

  // Bodies are read here, once, with a ceiling: nothing downstream can be made to buffer an
  // endless upload, and a Buffer hands Remix the body without a web-stream pipe per request.
  app.use(express.raw({ type: () => true, limit: MAX_BODY_BYTES, inflate: false }));

  // The portal speaks GET, HEAD and POST (and the API's own 405 answers PUT, PATCH, DELETE);
  // anything else (PROPFIND, TRACE, CONNECT…) is refused here, before Remix would put its own
  // words and a route id into a 405 page.
  app.use((req, res, next) => {
    if (!KNOWN_METHODS.has(req.method)) return sendEdgeError(req, res, 405);
    next();
  });

  // Single fetch never asks for ?_data; Remix would answer one as an old-style data request and
  // log it as a server error. Nothing legitimate sends it, so it is refused here.
  app.use((req, res, next) => {
    if (hasDataQuery(req.originalUrl)) return sendEdgeError(req, res, 400);
    next();
  });

  app.all("*", async (req, res) => {
    const requestId = String(res.locals.requestId);
    let request: Request;
    try {
      request = toFetchRequest(req, res);
    } catch {
      // A Host header that makes no URL: nothing downstream can answer it.
      return sendEdgeError(req, res, 400);
    }
    try {
      const cookies: string[] = [];
      const context: AppLoadContext = {
        requestId,
        nonce: String(res.locals.nonce),
        ip: req.ip ?? "unknown",
        userAgent: req.get("user-agent") ?? "",
        origin: req.get("origin") ?? null,
        setCookie: (header) => cookies.push(header),
        memo: {},
      };
      const response = await handle(request, context);
      for (const cookie of cookies) response.headers.append("Set-Cookie", cookie);
      if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
      await sendFetchResponse(res, response);
    } catch (error) {
      log({ level: "error", msg: "unhandled error", requestId, error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) sendEdgeError(req, res, 500);
    }
  });

  // Last in the chain, so Express's own error page (which replaces the CSP with its own and sets
  // no Cache-Control) never answers: a body over the ceiling, a path that is not valid
  // percent-encoding, or anything else a middleware refuses gets our headers and our page.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = clientErrorStatus(error) ?? 500;
    if (status >= 500) log({ level: "error", msg: "unhandled error", requestId: String(res.locals.requestId), error: error instanceof Error ? error.message : String(error) });
    if (res.headersSent) return void res.destroy();
    sendEdgeError(req, res, status, status === 415 ? "Compressed request bodies are not accepted" : undefined);
  });
  return app;
}

export async function startHttpServer(build: ServerBuild): Promise<void> {
  const env = await prepareEnvironment();
  await prepareDatabase(env);
  const app = createApp(build);
  const server = app.listen(env.PORT, env.HOST, () => {
    log({ msg: `Strongroom listening on http://${env.HOST === "127.0.0.1" ? "localhost" : env.HOST}:${env.PORT}`, env: env.NODE_ENV });
  });
  // The balancer must be the side that closes an idle connection: one the server closes just as
  // the balancer reuses it would lose that request.
  server.keepAliveTimeout = env.KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = env.KEEP_ALIVE_TIMEOUT_MS + 1_000;
  startBackgroundJobs(env);
  installGracefulShutdown(server, { graceMs: env.SHUTDOWN_GRACE_MS, drainTimeoutMs: env.SHUTDOWN_TIMEOUT_MS, closeDatabase: () => database().close(), log });
}
