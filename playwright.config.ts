import { defineConfig, type PlaywrightTestConfig } from "@playwright/test";
import { TEST_SECRETS } from "./tests/support/test-env";

/**
 * One production build, served three ways: on SQLite and (when E2E_DATABASE_URL is set)
 * on PostgreSQL with NODE_ENV=test, and once with NODE_ENV=production to prove what a
 * production deployment hides. tests/run-all.sh prepares the fresh databases.
 */
const SQLITE_FILE = "tests/.artifacts/e2e.sqlite";
const PROD_SQLITE_FILE = "tests/.artifacts/e2e-production.sqlite";
const pgUrl = process.env.E2E_DATABASE_URL;
// Several checkouts can run their browser tests at once when each picks its own ports.
const PORT_BASE = Number(process.env.E2E_PORT_BASE ?? 3300);

const server = (port: number, env: Record<string, string>) => ({
  command: "node build/index.js",
  url: `http://localhost:${port}/healthz`,
  reuseExistingServer: false,
  timeout: 60_000,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
  env: { ...TEST_SECRETS, PORT: String(port), HOST: "127.0.0.1", ORIGINS: `http://localhost:${port}`, ACCESS_LOG: "off", AUDIT_WITNESS_FILE: `tests/.artifacts/audit-witness-${port}.jsonl`, ...env },
});

const engines: { name: string; port: number; databaseUrl: string }[] = [
  { name: "sqlite", port: PORT_BASE + 1, databaseUrl: `file:${SQLITE_FILE}` },
  ...(pgUrl ? [{ name: "postgres", port: PORT_BASE + 2, databaseUrl: pgUrl }] : []),
];

const chromium = {
  browserName: "chromium" as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
};

const config: PlaywrightTestConfig = {
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"]],
  use: { ...chromium, headless: true, trace: "off" },
  webServer: [
    ...engines.map((engine) => server(engine.port, { NODE_ENV: "test", DATABASE_URL: engine.databaseUrl })),
    server(PORT_BASE + 3, { NODE_ENV: "production", DATABASE_URL: `file:${PROD_SQLITE_FILE}`, SEED_DEMO_DATA: "1" }),
  ],
  projects: [
    ...engines.map((engine) => ({
      name: engine.name,
      testIgnore: /production\.spec\.ts/,
      use: { baseURL: `http://localhost:${engine.port}` },
      metadata: { databaseUrl: engine.databaseUrl },
    })),
    {
      name: "production",
      testMatch: /production\.spec\.ts/,
      use: { baseURL: `http://localhost:${PORT_BASE + 3}` },
      metadata: { databaseUrl: `file:${PROD_SQLITE_FILE}` },
    },
  ],
};

export default defineConfig(config);
