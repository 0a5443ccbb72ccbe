import crypto from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";
import { signNetworkRequest } from "../../app/authorization/network-signature.server";
import { db } from "../../app/db.server";
import { action } from "../../app/routes/api.v1.authorizations";
import { customerWithCard } from "../support/banking-fixtures";
import { requestContext } from "../support/request-context";
import { TEST_SECRETS } from "../support/test-env";
import { testEngines, useFreshDatabase } from "../support/test-database";

const [CLIENT_ID, SECRET] = TEST_SECRETS.NETWORK_CLIENT_KEYS.split(":") as [string, string];

function payment(token: string, overrides: Record<string, unknown> = {}) {
  return { card_token: token, amount_minor: 10_00, currency: "GBP", mcc: "5411", country: "GB", channel: "in_store", merchant: { id: "m-grocer", name: "Corner Grocer" }, ...overrides };
}

function signedRequest(body: string, options: { key?: string; timestamp?: number; secret?: string; client?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return new Request("http://localhost:3000/api/v1/authorizations", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Client-Id": options.client ?? CLIENT_ID,
      "X-Timestamp": timestamp,
      "X-Signature": signNetworkRequest(options.secret ?? SECRET, timestamp, body),
      "Idempotency-Key": options.key ?? crypto.randomUUID(),
    },
    body,
  });
}

async function call(request: Request) {
  // As Remix does: a Response the action throws is the answer.
  const response = (await action({ request, context: requestContext(), params: {} } as unknown as ActionFunctionArgs).catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  })) as Response;
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, type: response.headers.get("Content-Type") };
}

async function authorizationCount(cardId?: string) {
  let query = db().selectFrom("authorizations").select(sql<number>`count(*)`.as("n"));
  if (cardId) query = query.where("card_id", "=", cardId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

describe.each(testEngines())("authorization API on %s", (engine) => {
  useFreshDatabase(engine);

  it("approves a signed, valid payment and records it", async () => {
    const { token, cardId, accountId } = await customerWithCard();
    const result = await call(signedRequest(JSON.stringify(payment(token))));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ decision: "approve", reason_code: "approved", amount_minor: 10_00, currency: "GBP" });
    expect(await authorizationCount(cardId)).toBe(1);
    const account = await db().selectFrom("accounts").select("available_minor").where("id", "=", accountId).executeTakeFirstOrThrow();
    expect(account.available_minor).toBe(1_000_000_00 - 10_00);
  });

  it("learns the card's profile from approved payments, not from declined ones", async () => {
    const { token, cardId } = await customerWithCard({ settings: (s) => void s.travel.blockedCountries.push("ES") });
    const profile = () => db().selectFrom("cards").select(["usual_amount_minor", "history_count", "known_countries"]).where("id", "=", cardId).executeTakeFirstOrThrow();
    expect(await profile()).toEqual({ usual_amount_minor: 20_00, history_count: 20, known_countries: '["GB"]' });
    await call(signedRequest(JSON.stringify(payment(token, { amount_minor: 40_00, country: "FR", currency: "GBP" }))));
    // (20.00 × 19 + 40.00) / 20: the usual payment moves a twentieth of the way.
    expect(await profile()).toEqual({ usual_amount_minor: 21_00, history_count: 21, known_countries: '["FR","GB"]' });
    const declined = await call(signedRequest(JSON.stringify(payment(token, { amount_minor: 900_00, country: "ES", currency: "GBP" }))));
    expect(declined.body.decision).toBe("decline");
    expect(await profile()).toEqual({ usual_amount_minor: 21_00, history_count: 21, known_countries: '["FR","GB"]' });
  });

  it("declines with the reason and plain words when a control blocks it", async () => {
    const { token } = await customerWithCard({ settings: (s) => void s.travel.blockedCountries.push("ES") });
    const result = await call(signedRequest(JSON.stringify(payment(token, { country: "ES", currency: "EUR" }))));
    expect(result.body).toMatchObject({ decision: "decline", reason_code: "country_blocked" });
    expect(String(result.body.message)).toMatch(/Spain/);
  });

  it("converts foreign currency by the demo rate table and declines an unknown currency", async () => {
    const { token } = await customerWithCard();
    const euros = await call(signedRequest(JSON.stringify(payment(token, { amount_minor: 100_00, currency: "EUR" }))));
    expect(euros.body.currency).toBe("GBP");
    expect(euros.body.amount_minor).not.toBe(100_00);
    const unknown = await call(signedRequest(JSON.stringify(payment(token, { currency: "XQZ" }))));
    expect(unknown.body).toMatchObject({ decision: "decline", reason_code: "unsupported_currency" });
  });

  it.each([
    ["a bad signature", (body: string) => signedRequest(body, { secret: "not-the-secret-000000000000000000" })],
    ["an unknown client", (body: string) => signedRequest(body, { client: "someone-else" })],
    ["a stale timestamp", (body: string) => signedRequest(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })],
    ["a future timestamp", (body: string) => signedRequest(body, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 })],
  ])("refuses %s with 401 and writes nothing", async (_label, build) => {
    const { token, cardId } = await customerWithCard();
    const result = await call(build(JSON.stringify(payment(token))));
    expect(result.status).toBe(401);
    expect(result.type).toContain("application/problem+json");
    expect(await authorizationCount(cardId)).toBe(0);
  });

  it("answers the same request sent again (a proxy's retry after an instance died) with the first answer, charging once", async () => {
    const { token, cardId } = await customerWithCard();
    const body = JSON.stringify(payment(token));
    const first = signedRequest(body, { key: "replay-key-1" });
    const copy = first.clone();
    const again = first.clone();
    const answer = await call(first);
    expect(answer.status).toBe(200);
    expect(await call(copy)).toMatchObject({ status: 200, body: answer.body });
    // Also after a re-signed retry recorded its own signature.
    const retry = signedRequest(body, { key: "replay-key-1", timestamp: Math.floor(Date.now() / 1000) - 1 });
    const retryCopy = retry.clone();
    expect(await call(retry)).toMatchObject({ status: 200, body: answer.body });
    expect(await call(retryCopy)).toMatchObject({ status: 200, body: answer.body });
    expect(await call(again)).toMatchObject({ status: 200, body: answer.body });
    expect(await authorizationCount(cardId)).toBe(1);
  });

  it("refuses a replay whose Idempotency-Key was swapped (the key is not signed) with 409", async () => {
    const { token, cardId } = await customerWithCard();
    const body = JSON.stringify(payment(token));
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await call(signedRequest(body, { key: "original-key-1", timestamp }))).status).toBe(200);
    const replay = await call(signedRequest(body, { key: "swapped-key-2", timestamp }));
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({ title: "Replayed request", status: 409 });
    expect(await authorizationCount(cardId)).toBe(1);
    // The payment's transaction rolled back, but the attempt is on the audit log.
    const rejected = await db().selectFrom("audit_log").select(["actor_role", "ip"]).where("action", "=", "api.replay_rejected").execute();
    expect(rejected).toEqual([{ actor_role: "card-network", ip: expect.any(String) }]);
  });

  it("refuses a re-signed retry replayed under a swapped key with 409, and charges once", async () => {
    const { token, cardId, accountId } = await customerWithCard();
    const body = JSON.stringify(payment(token));
    const now = Math.floor(Date.now() / 1000);
    expect((await call(signedRequest(body, { key: "first-key-1", timestamp: now - 2 }))).status).toBe(200);
    const retry = await call(signedRequest(body, { key: "first-key-1", timestamp: now - 1 }));
    expect(retry.status).toBe(200);
    const replayedRetry = await call(signedRequest(body, { key: "swapped-key-3", timestamp: now - 1 }));
    expect(replayedRetry.status).toBe(409);
    expect(await authorizationCount(cardId)).toBe(1);
    const account = await db().selectFrom("accounts").select("available_minor").where("id", "=", accountId).executeTakeFirstOrThrow();
    expect(account.available_minor).toBe(1_000_000_00 - 10_00);
  });

  it("refuses replays of requests declined before a decision (unknown card, unknown currency)", async () => {
    const { token } = await customerWithCard();
    const timestamp = Math.floor(Date.now() / 1000);
    for (const body of [JSON.stringify(payment("tok_nobody_at_all")), JSON.stringify(payment(token, { currency: "XQZ" }))]) {
      const first = await call(signedRequest(body, { key: "declined-key-1", timestamp }));
      expect(first.body.decision).toBe("decline");
      expect((await call(signedRequest(body, { key: "declined-key-2", timestamp }))).status).toBe(409);
    }
  });

  it("still refuses a signature recorded before authorizations kept their own", async () => {
    const { token, cardId } = await customerWithCard();
    const body = JSON.stringify(payment(token));
    const timestamp = String(Math.floor(Date.now() / 1000));
    await db().insertInto("api_request_signatures").values({ signature: signNetworkRequest(SECRET, timestamp, body), received_at: new Date().toISOString() }).execute();
    expect((await call(signedRequest(body, { timestamp: Number(timestamp) }))).status).toBe(409);
    expect(await authorizationCount(cardId)).toBe(0);
  });

  it("answers 422 when one Idempotency-Key arrives for two cards at once", async () => {
    const [a, b] = [await customerWithCard(), await customerWithCard()];
    const results = await Promise.all([a, b].map(({ token }) => call(signedRequest(JSON.stringify(payment(token)), { key: "shared-key-77" }))));
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    expect((await authorizationCount(a.cardId)) + (await authorizationCount(b.cardId))).toBe(1);
  });

  it("answers 422, not a decline, when a reused key's new body has an unknown currency", async () => {
    const { token } = await customerWithCard();
    expect((await call(signedRequest(JSON.stringify(payment(token)), { key: "currency-key-1" }))).status).toBe(200);
    expect((await call(signedRequest(JSON.stringify(payment(token, { currency: "XQZ" })), { key: "currency-key-1" }))).status).toBe(422);
  });

  it.each([
    ["malformed JSON", "{not json"],
    ["a missing field", JSON.stringify({ card_token: "tok_abcdefgh", amount_minor: 100 })],
    ["a fractional amount", "AMOUNT:10.5"],
    ["a negative amount", "AMOUNT:-100"],
    ["a lowercase currency", "CURRENCY:gbp"],
    ["a three-digit MCC", "MCC:541"],
    ["an unknown field", "EXTRA"],
    ["SQL in the merchant name", "MERCHANT:Robert'); DROP TABLE cards;--"],
    ["markup in the merchant name", "MERCHANT:<script>alert(1)</script>"],
    ["an unknown channel", "CHANNEL:telepathy"],
  ])("refuses %s with 400 and writes nothing", async (_label, shape) => {
    const { token, cardId } = await customerWithCard();
    const base = payment(token) as Record<string, unknown>;
    const [kind, value] = shape.split(/:(.*)/s);
    let body: string;
    if (kind === "AMOUNT") body = JSON.stringify({ ...base, amount_minor: Number(value) });
    else if (kind === "CURRENCY") body = JSON.stringify({ ...base, currency: value });
    else if (kind === "MCC") body = JSON.stringify({ ...base, mcc: value });
    else if (kind === "EXTRA") body = JSON.stringify({ ...base, pin: "1234" });
    else if (kind === "MERCHANT") body = JSON.stringify({ ...base, merchant: { id: "m-1", name: value } });
    else if (kind === "CHANNEL") body = JSON.stringify({ ...base, channel: value });
    else body = shape;
    const before = await db().selectFrom("authorizations").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
    const result = await call(signedRequest(body));
    expect(result.status).toBe(400);
    expect(result.type).toContain("application/problem+json");
    expect(await authorizationCount(cardId)).toBe(0);
    const after = await db().selectFrom("authorizations").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const cards = await db().selectFrom("cards").select("id").where("id", "=", cardId).execute();
    expect(cards).toHaveLength(1);
  });

  it("refuses an Idempotency-Key reused for a different request with 422", async () => {
    const { token } = await customerWithCard();
    expect((await call(signedRequest(JSON.stringify(payment(token)), { key: "same-key-123" }))).status).toBe(200);
    const other = await call(signedRequest(JSON.stringify(payment(token, { amount_minor: 99_00 })), { key: "same-key-123" }));
    expect(other.status).toBe(422);
  });

  it("approves exactly as many of 200 concurrent payments as the daily limit allows", async () => {
    const N = 37;
    const { token, cardId } = await customerWithCard({
      settings: (s) => {
        s.limits = { perPayment: null, daily: N * 10_00, weekly: null, monthly: null, channelDaily: { in_store: null, online: null, atm: null, contactless: null } };
      },
    });
    // 200 distinct payments (identical signed bodies would rightly be refused as replays).
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => call(signedRequest(JSON.stringify(payment(token, { merchant: { id: `m-${i}`, name: "Corner Grocer" } }))))),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const approved = results.filter((r) => r.body.decision === "approve");
    expect(approved).toHaveLength(N);
    expect(results.filter((r) => r.body.reason_code === "daily_limit_exceeded")).toHaveLength(200 - N);
    const spend = await db()
      .selectFrom("authorizations")
      .select(sql<number>`coalesce(sum(amount_minor), 0)`.as("total"))
      .where("card_id", "=", cardId)
      .where("outcome", "=", "approved")
      .executeTakeFirstOrThrow();
    expect(Number(spend.total)).toBe(N * 10_00);
    expect(await authorizationCount(cardId)).toBe(200);
  });

  it("answers 20 concurrent retries with one Idempotency-Key from one authorization", async () => {
    const { token, cardId } = await customerWithCard();
    const body = JSON.stringify(payment(token));
    const now = Math.floor(Date.now() / 1000);
    // Each retry is signed afresh (a new timestamp), as a network retries.
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call(signedRequest(body, { key: "retry-key-42", timestamp: now - i }))));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.body.authorization_id)).size).toBe(1);
    expect(await authorizationCount(cardId)).toBe(1);
  });
});
