import type { ServerBuild } from "@remix-run/node";
import * as build from "@remix-run/dev/server-build";
import { EnvError } from "./config/env.server";
import { startHttpServer } from "./edge/http-server.server";

// Remix compiles this file together with the app (remix.config.js `server`), so the
// server and the routes share one copy of every module: one database pool, one cache.
startHttpServer(build as unknown as ServerBuild).catch((error: unknown) => {
  process.stderr.write(`${error instanceof EnvError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
