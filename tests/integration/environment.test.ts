import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureSecrets } from "../../app/config/dev-secrets.server";
import { EnvError, parseEnv } from "../../app/config/env.server";
import { TEST_SECRETS } from "../support/test-env";

describe("environment", () => {
  it("refuses to start in production without secrets, naming them", () => {
    const target: Record<string, string | undefined> = { NODE_ENV: "production" };
    expect(() => ensureSecrets(target, () => undefined, "/nonexistent/.env.local")).toThrow(/SESSION_SECRETS.*DATA_KEYS/);
  });

  it("refuses to start in production without the audit signing key, and never invents one there", () => {
    const { AUDIT_SIGNING_KEY: _withheld, ...others } = TEST_SECRETS;
    const target: Record<string, string | undefined> = { NODE_ENV: "production", ...others };
    expect(() => ensureSecrets(target, () => undefined, "/nonexistent/.env.local")).toThrow(/needs AUDIT_SIGNING_KEY in the environment/);
    expect(target.AUDIT_SIGNING_KEY).toBeUndefined();
    expect(() => parseEnv({ ...others, NODE_ENV: "production" })).toThrow(/AUDIT_SIGNING_KEY/);
  });

  it("generates development secrets once into a file and reuses them", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sr-env-")), ".env.local");
    const messages: string[] = [];
    const first: Record<string, string | undefined> = {};
    ensureSecrets(first, (m) => messages.push(m), file);
    expect(messages[0]).toContain(".env.local");
    const second: Record<string, string | undefined> = {};
    ensureSecrets(second, (m) => messages.push(m), file);
    expect(messages).toHaveLength(1);
    expect(second.SESSION_SECRETS).toBe(first.SESSION_SECRETS);
    expect(() => parseEnv(second)).not.toThrow();
    expect(Buffer.from(String(second.AUDIT_SIGNING_KEY), "base64")).toHaveLength(32);
  });

  it("rejects weak or malformed secrets with a clear message", () => {
    expect(() => parseEnv({ SESSION_SECRETS: "short", DATA_KEYS: "k1:abc", BLIND_INDEX_KEY: "x" })).toThrow(EnvError);
    expect(() => parseEnv({ SESSION_SECRETS: "short", DATA_KEYS: "k1:abc", BLIND_INDEX_KEY: "x" })).toThrow(/SESSION_SECRETS/);
  });
});
