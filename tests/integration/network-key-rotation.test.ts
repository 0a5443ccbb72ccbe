import crypto from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { signNetworkRequest, verifyNetworkSignature } from "../../app/authorization/network-signature.server";
import { resetClock, setClock } from "../../app/clock.server";
import { EnvError, parseEnv } from "../../app/config/env.server";
import { addSessionSecret, retireOldSessionSecrets, rotateNetworkClientKey } from "../../app/config/rotate-secrets";
import { action } from "../../app/routes/api.v1.authorizations";
import { sealSessionId, unsealSessionId } from "../../app/session/session-cookie.server";
import { customerWithCard } from "../support/banking-fixtures";
import { requestContext } from "../support/request-context";
import { TEST_SECRETS, testEnv } from "../support/test-env";
import { testEngines, useFreshDatabase } from "../support/test-database";

const CLIENT = "test-network";
const OLD = TEST_SECRETS.NETWORK_CLIENT_KEYS.split(":")[1] as string;
const NEW = "test-network-secret-rotated-111111111111111111";

async function pay(token: string, secret: string, at: Date) {
  const body = JSON.stringify({ card_token: token, amount_minor: 5_00, currency: "GBP", mcc: "5411", country: "GB", channel: "in_store", merchant: { id: "m-1", name: "Corner Grocer" } });
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const request = new Request("http://localhost/api/v1/authorizations", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Client-Id": CLIENT, "X-Timestamp": timestamp, "X-Signature": signNetworkRequest(secret, timestamp, body), "Idempotency-Key": crypto.randomUUID() },
    body,
  });
  const response = (await action({ request, context: requestContext(), params: {} } as unknown as ActionFunctionArgs)) as Response;
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.each(testEngines())("network client key rotation on %s", (engine) => {
  useFreshDatabase(engine);
  afterEach(() => {
    resetClock();
    testEnv();
  });

  it("accepts payments signed with the old and the new key during the overlap, and refuses the old one after it", async () => {
    const rotatedAt = new Date("2026-12-01T10:00:00Z");
    const rotated = rotateNetworkClientKey(TEST_SECRETS.NETWORK_CLIENT_KEYS, CLIENT, rotatedAt, 7 * 86_400_000, NEW);
    expect(rotated.oldKeyNotAfter).toBe("2026-12-08T10:00:00Z");
    testEnv({ NETWORK_CLIENT_KEYS: rotated.value });
    const { token } = await customerWithCard();

    const during = new Date("2026-12-05T12:00:00Z");
    setClock(() => during);
    expect(await pay(token, OLD, during)).toMatchObject({ status: 200, body: { decision: "approve" } });
    expect(await pay(token, NEW, during)).toMatchObject({ status: 200, body: { decision: "approve" } });

    const after = new Date("2026-12-08T10:00:01Z");
    setClock(() => after);
    expect((await pay(token, OLD, after)).status).toBe(401);
    expect(await pay(token, NEW, after)).toMatchObject({ status: 200, body: { decision: "approve" } });
  });
});

describe("rotating secrets", () => {
  it("names which of a client's keys signed, without revealing either", () => {
    testEnv({ NETWORK_CLIENT_KEYS: `${CLIENT}:${NEW},${CLIENT}:${OLD}:2030-01-01T00:00:00Z` });
    const at = new Date();
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const verdict = (secret: string) => verifyNetworkSignature(new Headers({ "X-Client-Id": CLIENT, "X-Timestamp": timestamp, "X-Signature": signNetworkRequest(secret, timestamp, "{}") }), "{}", at);
    const [oldVerdict, newVerdict] = [verdict(OLD), verdict(NEW)];
    expect(oldVerdict.ok && newVerdict.ok).toBe(true);
    if (!oldVerdict.ok || !newVerdict.ok) return;
    expect(oldVerdict.keyFingerprint).not.toBe(newVerdict.keyFingerprint);
    expect(oldVerdict.keyFingerprint).not.toContain(OLD.slice(0, 6));
    expect(verdict("some-other-secret-000000000000000000000").ok).toBe(false);
    testEnv();
  });

  it("refuses a third key, an undated older key and a short secret at start", () => {
    const parse = (keys: string) => () => parseEnv({ ...TEST_SECRETS, NETWORK_CLIENT_KEYS: keys });
    expect(parse(`${CLIENT}:${NEW},${CLIENT}:${OLD}`)).toThrow(/older key needs a not-after date/);
    expect(parse(`${CLIENT}:${NEW},${CLIENT}:${OLD}:2030-01-01T00:00:00Z,${CLIENT}:${"x".repeat(40)}:2030-01-01T00:00:00Z`)).toThrow(/at most two/);
    expect(parse(`${CLIENT}:short`)).toThrow(EnvError);
    expect(parse(`${CLIENT}:${NEW},${CLIENT}:${OLD}:2030-01-01T00:00:00Z`)).not.toThrow();
  });

  it("drops expired keys and never keeps more than two per client when rotating twice", () => {
    const first = rotateNetworkClientKey(`${CLIENT}:${OLD},other:${"o".repeat(40)}:2020-01-01T00:00:00Z`, CLIENT, new Date("2026-12-01T00:00:00Z"), 86_400_000, NEW);
    expect(first.value).toBe(`${CLIENT}:${NEW},${CLIENT}:${OLD}:2026-12-02T00:00:00Z`);
    const second = rotateNetworkClientKey(first.value, CLIENT, new Date("2026-12-01T12:00:00Z"), 7 * 86_400_000, "n".repeat(40));
    // The key in its overlap keeps its own, earlier end; the oldest is gone.
    expect(second.value).toBe(`${CLIENT}:${"n".repeat(40)},${CLIENT}:${NEW}:2026-12-08T12:00:00Z`);
    expect(() => parseEnv({ ...TEST_SECRETS, NETWORK_CLIENT_KEYS: second.value })).not.toThrow();
  });

  it("adds a session secret that seals while the old one still opens, then retires the old one", async () => {
    testEnv({ SESSION_SECRETS: "1:old-session-secret-000000000000000000000000" });
    const before = await sealSessionId("session-before");
    const added = addSessionSecret("1:old-session-secret-000000000000000000000000", "new-session-secret-111111111111111111111111");
    expect(added.id).toBe(2);
    testEnv({ SESSION_SECRETS: added.value });
    expect(await unsealSessionId(before)).toBe("session-before");
    const after = await sealSessionId("session-after");
    testEnv({ SESSION_SECRETS: retireOldSessionSecrets(added.value).value });
    expect(await unsealSessionId(after)).toBe("session-after");
    expect(await unsealSessionId(before)).toBeNull();
    testEnv();
  });
});
