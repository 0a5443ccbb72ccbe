import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findHaproxy } from "./local-cluster.server";
import { haproxyConfig } from "./haproxy-config.server";

const config = haproxyConfig({
  bind: { host: "127.0.0.1", port: 4110 },
  servers: [1, 2, 3].map((i) => ({ name: `app${i}`, host: "127.0.0.1", port: 4110 + i })),
  statsSocket: "/tmp/strongroom-test-haproxy.sock",
  checkIntervalMs: 1_000,
});

describe("generated HAProxy configuration", () => {
  it("is accepted by the installed HAProxy", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "haproxy-")), "haproxy.cfg");
    fs.writeFileSync(file, config);
    const check = spawnSync(findHaproxy(), ["-c", "-f", file], { encoding: "utf8" });
    expect(check.stdout + check.stderr).toContain("Configuration file is valid");
    expect(check.status).toBe(0);
  });

  it("retries, elsewhere, only requests that are safe to send twice", () => {
    expect(config).toMatch(/retry-on conn-failure empty-response/);
    expect(config).toMatch(/option redispatch 1/);
    expect(config).toMatch(/http-request disable-l7-retry unless safe_method \|\| post api idempotency_key/);
    expect(config).toMatch(/acl safe_method method GET HEAD/);
    expect(config).toMatch(/acl idempotency_key req\.hdr\(Idempotency-Key\) -m found/);
  });

  it("checks /readyz and sets X-Forwarded-For itself, dropping what the client sent", () => {
    expect(config).toMatch(/http-check send meth GET uri \/readyz/);
    const frontend = config.slice(config.indexOf("frontend"), config.indexOf("backend"));
    expect(frontend.indexOf("http-request del-header X-Forwarded-For")).toBeGreaterThan(-1);
    expect(frontend.indexOf("http-request del-header X-Forwarded-For")).toBeLessThan(frontend.indexOf("option forwardfor"));
    expect(config).toMatch(/server app3 127\.0\.0\.1:4113/);
  });
});
