import type { AddressInfo } from "node:net";
import express from "express";
import { EnvError, parseEnv } from "../../app/config/env.server";
import { TEST_SECRETS } from "../support/test-env";

/**
 * The client address every rate limit keys on is Express's req.ip under the TRUST_PROXY
 * setting the server applies (app/edge/http-server.server.ts). Asked over real HTTP from
 * 127.0.0.1, the way any local process would.
 */
async function addressSeen(trustProxy: string | undefined, forwardedFor: string): Promise<string> {
  const env = parseEnv({ NODE_ENV: "test", ...TEST_SECRETS, ...(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy }) });
  const app = express();
  app.set("trust proxy", env.TRUST_PROXY);
  app.get("/", (req, res) => {
    res.send(req.ip);
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { headers: { "X-Forwarded-For": forwardedFor } });
    return await response.text();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("the client address", () => {
  it("ignores a forwarded header from a local peer unless a proxy is configured", async () => {
    expect(await addressSeen(undefined, "198.51.100.23")).toBe("127.0.0.1");
    expect(await addressSeen("", "198.51.100.23")).toBe("127.0.0.1");
    expect(await addressSeen("false", "198.51.100.23")).toBe("127.0.0.1");
  });

  it("ignores it from a peer that is not the configured proxy", async () => {
    expect(await addressSeen("10.0.0.0/8, 192.168.1.5", "198.51.100.23")).toBe("127.0.0.1");
  });

  it("takes the address the configured proxy forwards", async () => {
    expect(await addressSeen("loopback", "198.51.100.23")).toBe("198.51.100.23");
    // Only the proxy's own hop is believed: a client-supplied entry before it is not.
    expect(await addressSeen("127.0.0.1", "203.0.113.9, 198.51.100.23")).toBe("198.51.100.23");
    expect(await addressSeen("1", "203.0.113.9, 198.51.100.23")).toBe("198.51.100.23");
  });

  it.each(["true", "everyone", "10.0.0.0/33", "300.1.1.1"])("refuses TRUST_PROXY=%s at start", (value) => {
    expect(() => parseEnv({ NODE_ENV: "test", ...TEST_SECRETS, TRUST_PROXY: value })).toThrow(EnvError);
  });
});
