import { spawnSync } from "node:child_process";
import { DEFAULT_SQLITE_PATH } from "../../../db/connection";

export type BackupTarget = { engine: "sqlite"; file: string } | { engine: "postgres"; url: string };

/** The same reading of DATABASE_URL as the connection factory. */
export function targetOf(databaseUrl: string | undefined): BackupTarget {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) return { engine: "postgres", url: databaseUrl };
  return { engine: "sqlite", file: databaseUrl?.startsWith("file:") ? databaseUrl.slice("file:".length) : (databaseUrl ?? DEFAULT_SQLITE_PATH) };
}

/**
 * libpq's variables for a child process: the password stays out of the command line (and so
 * out of `ps`), and nothing else of ours leaks into pg_dump's environment.
 */
export function libpqEnvironment(url: string): NodeJS.ProcessEnv {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH, PGHOST: parsed.hostname || "127.0.0.1", PGPORT: parsed.port || "5432", PGDATABASE: decodeURIComponent(parsed.pathname.slice(1)) };
  if (parsed.username) env.PGUSER = decodeURIComponent(parsed.username);
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  const sslmode = parsed.searchParams.get("sslmode");
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/** pg_dump and pg_restore must exist and be at least the server's major version. */
export function requirePostgresTool(tool: "pg_dump" | "pg_restore"): string {
  const run = spawnSync(tool, ["--version"], { encoding: "utf8" });
  if (run.error || run.status !== 0) {
    throw new Error(`${tool} is not installed. On Debian: apt-get install -y postgresql-client (the same major version as the server, or newer).`);
  }
  return run.stdout.trim();
}
