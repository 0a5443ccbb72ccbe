import crypto from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { signNetworkRequest } from "../../app/authorization/network-signature.server";
import { TEST_SECRETS } from "../support/test-env";
import { expect, test } from "./fixtures";

const [CLIENT_ID, SECRET] = TEST_SECRETS.NETWORK_CLIENT_KEYS.split(":") as [string, string];
const PATH = "/api/v1/authorizations";

function payment(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({ card_token: "tok_ben_everyday", amount_minor: 3_00 + Math.floor(Math.random() * 1_000), currency: "GBP", mcc: "5411", country: "GB", channel: "in_store", merchant: { id: "m-e2e-grocer", name: "E2E Grocer" }, ...overrides });
}

function signedHeaders(body: string, contentType = "application/json") {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { "Content-Type": contentType, "X-Client-Id": CLIENT_ID, "X-Timestamp": timestamp, "X-Signature": signNetworkRequest(SECRET, timestamp, body), "Idempotency-Key": crypto.randomUUID() };
}

async function send(request: APIRequestContext, method: "post" | "put" | "patch" | "delete", body: string, headers: Record<string, string>) {
  return request[method](PATH, { data: body, headers, maxRedirects: 0 });
}

test.describe("the card-network API over HTTP", () => {
  test("decides only a POSTed JSON body naming a real country", async ({ request }) => {
    for (const method of ["put", "patch", "delete"] as const) {
      const body = payment();
      const response = await send(request, method, body, signedHeaders(body));
      expect(response.status(), method).toBe(405);
      expect(response.headers()["allow"]).toBe("POST");
    }
    const plain = payment();
    expect((await send(request, "post", plain, signedHeaders(plain, "text/plain"))).status()).toBe(415);
    const nowhere = payment({ country: "XX" });
    const refused = await send(request, "post", nowhere, signedHeaders(nowhere));
    expect(refused.status()).toBe(400);
    expect(refused.headers()["content-type"]).toContain("application/problem+json");
    const real = payment();
    const decided = await send(request, "post", real, signedHeaders(real));
    expect(decided.status()).toBe(200);
    expect((await decided.json()) as Record<string, unknown>).toHaveProperty("decision");
  });

  test("counts a local peer's unsigned flood as one address whatever X-Forwarded-For claims, and the network's payments still go through", async ({ request }) => {
    const statuses: number[] = [];
    // 130 requests: even if a minute boundary splits them, one minute holds at least 65, past its 60.
    for (let i = 0; i < 130; i += 1) {
      const response = await request.post(PATH, { data: "{}", headers: { "Content-Type": "application/json", "X-Client-Id": "nobody", "X-Forwarded-For": `198.51.100.${i % 250}` } });
      statuses.push(response.status());
      if (response.status() === 429) expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
    }
    // Had the spoofed header been believed, each request would have had a bucket of its own.
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(5);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    const body = payment();
    expect((await send(request, "post", body, signedHeaders(body))).status()).toBe(200);
  });
});
