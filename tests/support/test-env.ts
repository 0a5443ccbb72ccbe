import { parseEnv, setEnv, type Env } from "../../app/config/env.server";

/**
 * Fixed, obviously fake secrets for tests only. The e2e server and the test runner
 * share them so the runner can mint session cookies the server accepts.
 */
export const TEST_SECRETS = {
  SESSION_SECRETS: "2:test-session-secret-newest-000000000000000000,1:test-session-secret-older-0000000000000000000",
  DATA_KEYS: `t2:${Buffer.alloc(32, 2).toString("base64")},t1:${Buffer.alloc(32, 1).toString("base64")}`,
  BLIND_INDEX_KEY: Buffer.alloc(32, 9).toString("base64"),
  NETWORK_CLIENT_KEYS: "test-network:test-network-secret-000000000000000000000",
  SQLITE_KEY: Buffer.alloc(32, 5).toString("base64"),
  AUDIT_SIGNING_KEY: Buffer.alloc(32, 7).toString("base64"),
} as const;

/** The key every test's SQLite file is encrypted with: the suite runs on encrypted files. */
export const TEST_SQLITE_KEY = Buffer.from(TEST_SECRETS.SQLITE_KEY, "base64");

export function testEnv(overrides: Record<string, string> = {}): Env {
  const env = parseEnv({ NODE_ENV: "test", ACCESS_LOG: "off", ...TEST_SECRETS, ...overrides });
  setEnv(env);
  return env;
}
