import { sql } from "kysely";
import type { ConfirmationPrompt } from "../../app/auth/change-confirmation-fields";
import { changeDigest } from "../../app/auth/change-confirmation.server";
import { resetClock, setClock } from "../../app/clock.server";
import { defaultCardSettings } from "../../app/controls/card-settings";
import { db } from "../../app/db.server";
import * as cardRoute from "../../app/routes/cards.$cardId";
import * as controlsRoute from "../../app/routes/cards.$cardId_.controls";
import * as passkeysRoute from "../../app/routes/security.passkeys";
import * as registerRoute from "../../app/routes/webauthn.register";
import { customerWithCard } from "../support/banking-fixtures";
import { insertAuthorization, postRequest, routeHarness, signIn, type Signed } from "../support/card-activity";
import { requestWithCookie } from "../support/request-context";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { testEngines, useFreshDatabase } from "../support/test-database";

const ORIGIN = "http://localhost:3000";
const CONTROLS = "routes/cards.$cardId_.controls";
const CARD = "routes/cards.$cardId";
const PASSKEYS = "routes/security.passkeys";
const REGISTER = "routes/webauthn.register";
const NOW = new Date("2026-11-18T15:00:00.000Z");

type Fields = Record<string, string | string[]>;

async function addPasskey(userId: string, name = "Soft"): Promise<SoftAuthenticator> {
  const authenticator = new SoftAuthenticator();
  await db()
    .insertInto("passkeys")
    .values({ id: authenticator.credentialId, user_id: userId, public_key: authenticator.cosePublicKey(), counter: 0, transports: "[]", device_type: "singleDevice", backed_up: 0, aaguid: "00000000-0000-0000-0000-000000000000", name, created_at: NOW.toISOString(), last_used_at: null })
    .execute();
  return authenticator;
}

async function secondCard(of: { userId: string; accountId: string }): Promise<string> {
  const id = crypto.randomUUID();
  await db()
    .insertInto("cards")
    .values({ id, account_id: of.accountId, customer_id: of.userId, token: `tok_${id}`, last4: "9911", brand: "visa", name: "Second card", expiry_month: 12, expiry_year: 2030, status: "active", settings: JSON.stringify(defaultCardSettings("GB")), usual_amount_minor: 20_00, history_count: 20, known_countries: '["GB"]', has_used_online: 1, created_at: NOW.toISOString() })
    .execute();
  return id;
}

async function count(table: "control_changes" | "trips" | "risk_allowances", cardId: string): Promise<number> {
  return Number((await db().selectFrom(table).select(sql<number>`count(*)`.as("n")).where("card_id", "=", cardId).executeTakeFirstOrThrow()).n);
}

async function actionsOf(userId: string): Promise<string[]> {
  return (await db().selectFrom("audit_log").select("action").where("actor_id", "=", userId).orderBy("seq").execute()).map((row) => row.action);
}

describe.each(testEngines())("change confirmation (dynamic linking) on %s", (engine) => {
  useFreshDatabase(engine);
  beforeEach(() => setClock(() => NOW));
  afterEach(() => resetClock());
  const call = routeHarness({ [CONTROLS]: controlsRoute, [CARD]: cardRoute, [PASSKEYS]: passkeysRoute, [REGISTER]: registerRoute });

  async function customer(settings?: Parameters<typeof customerWithCard>[0]) {
    const card = await customerWithCard(settings);
    const authenticator = await addPasskey(card.userId);
    return { ...card, authenticator, who: await signIn(card.userId) };
  }

  const controls = (cardId: string) => `/cards/${cardId}/controls`;

  /** Sends a form; expects the server to ask for a confirmation and returns what it asked. */
  async function asked(route: string, who: Signed, path: string, fields: Fields, params: Record<string, string>): Promise<ConfirmationPrompt> {
    const result = await call(route, "action", postRequest(who, path, fields), params);
    expect(result.status).toBe(403);
    const body = result.body as { code: string; confirmation: ConfirmationPrompt };
    expect(body.code).toBe("confirmation_required");
    return body.confirmation;
  }

  function withAssertion(fields: Fields, authenticator: SoftAuthenticator, prompt: ConfirmationPrompt, shape: { userVerified?: boolean } = {}): Fields {
    return { ...fields, _confirmation: JSON.stringify(authenticator.assert({ challenge: prompt.options.challenge, origin: ORIGIN, rpId: "localhost", ...shape })) };
  }

  const raiseDaily = (amount: string): Fields => ({ intent: "limits", _form: "limits", limit_perPayment: "5000", limit_daily: amount, limit_weekly: "10000", limit_monthly: "25000", limit_channel_in_store: "", limit_channel_online: "1500", limit_channel_atm: "500", limit_channel_contactless: "100" });

  it("confirms exactly the change it shows, once: the loosening waits and the confirmation is audited with it", async () => {
    const alice = await customer();
    const path = controls(alice.cardId);
    const params = { cardId: alice.cardId };
    const prompt = await asked(CONTROLS, alice.who, path, raiseDaily("4000"), params);
    expect(prompt).toMatchObject({ kind: "controls.loosen", words: "Raise the daily limit on Test card ••4242 from £3,000.00 to £4,000.00", problem: null, form: "limits" });
    expect(prompt.options).toMatchObject({ userVerification: "required", allowCredentials: [{ id: alice.authenticator.credentialId, type: "public-key" }] });
    expect(await count("control_changes", alice.cardId)).toBe(0);

    const confirmed = await call(CONTROLS, "action", postRequest(alice.who, path, withAssertion(raiseDaily("4000"), alice.authenticator, prompt)), params);
    expect(confirmed).toMatchObject({ status: 302, location: `${path}?notice=requested` });
    const change = await db().selectFrom("control_changes").select(["summary", "patch"]).where("card_id", "=", alice.cardId).executeTakeFirstOrThrow();
    expect(JSON.parse(change.patch)).toEqual([{ op: "set", path: "limits.daily", value: 4_000_00 }]);
    // The confirmation is written in the same transaction as the change, right before it.
    expect(await actionsOf(alice.userId)).toEqual(["confirmation.requested", "confirmation.confirmed", "controls.change_requested"]);
    const audit = await db().selectFrom("audit_log").select("details").where("action", "=", "confirmation.confirmed").where("actor_id", "=", alice.userId).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ kind: "controls.loosen", words: prompt.words, passkey: alice.authenticator.credentialId.slice(0, 12) });
    // Used: no outstanding confirmation is left behind.
    expect(await db().selectFrom("webauthn_challenges").select("id").where("binding", "=", alice.who.sessionId).execute()).toEqual([]);
  });

  it("refuses a confirmation of one amount for another, and writes nothing", async () => {
    const alice = await customer();
    const path = controls(alice.cardId);
    const params = { cardId: alice.cardId };
    const prompt = await asked(CONTROLS, alice.who, path, raiseDaily("4000"), params);
    const swapped = await asked(CONTROLS, alice.who, path, withAssertion(raiseDaily("40000"), alice.authenticator, prompt), params);
    expect(swapped).toMatchObject({ words: "Raise the daily limit on Test card ••4242 from £3,000.00 to £40,000.00", problem: expect.stringContaining("different change") });
    expect(await count("control_changes", alice.cardId)).toBe(0);
    expect(await actionsOf(alice.userId)).toEqual(["confirmation.requested", "confirmation.refused", "confirmation.requested"]);
  });

  it("refuses a confirmation of a limit for lifting the gambling block (another field)", async () => {
    const alice = await customer({ settings: (s) => void s.blockedCategories.push("gambling") });
    const path = controls(alice.cardId);
    const params = { cardId: alice.cardId };
    const prompt = await asked(CONTROLS, alice.who, path, raiseDaily("4000"), params);
    const lift = { intent: "categories", _form: "categories", category: [] };
    const refused = await asked(CONTROLS, alice.who, path, withAssertion(lift, alice.authenticator, prompt), params);
    expect(refused).toMatchObject({ words: "Unblock gambling on Test card ••4242", problem: expect.stringContaining("different change") });
    expect(await count("control_changes", alice.cardId)).toBe(0);
  });

  it("refuses a confirmation made for one card on another card of the same customer", async () => {
    const alice = await customer();
    const other = await secondCard(alice);
    const prompt = await asked(CONTROLS, alice.who, controls(alice.cardId), raiseDaily("4000"), { cardId: alice.cardId });
    const refused = await asked(CONTROLS, alice.who, controls(other), withAssertion(raiseDaily("4000"), alice.authenticator, prompt), { cardId: other });
    expect(refused).toMatchObject({ words: "Raise the daily limit on Second card ••9911 from £3,000.00 to £4,000.00", problem: expect.stringContaining("different change") });
    expect(await count("control_changes", alice.cardId)).toBe(0);
    expect(await count("control_changes", other)).toBe(0);
  });

  it("refuses a replayed confirmation: an unfreeze confirmed once cannot unfreeze the card again", async () => {
    const alice = await customer();
    await db().updateTable("cards").set({ status: "frozen" }).where("id", "=", alice.cardId).execute();
    const path = controls(alice.cardId);
    const params = { cardId: alice.cardId };
    const unfreeze = { intent: "unfreeze", _form: "unfreeze" };
    const prompt = await asked(CONTROLS, alice.who, path, unfreeze, params);
    expect(prompt.words).toBe("Unfreeze Test card ••4242 so it can pay again");
    const signed = withAssertion(unfreeze, alice.authenticator, prompt);
    expect(await call(CONTROLS, "action", postRequest(alice.who, path, signed), params)).toMatchObject({ status: 302, location: `${path}?notice=unfrozen` });
    expect(await call(CONTROLS, "action", postRequest(alice.who, path, { intent: "freeze" }), params)).toMatchObject({ status: 302, location: `${path}?notice=frozen` });
    const replay = await asked(CONTROLS, alice.who, path, signed, params);
    expect(replay.problem).toContain("expired or was already used");
    expect((await db().selectFrom("cards").select("status").where("id", "=", alice.cardId).executeTakeFirstOrThrow()).status).toBe("frozen");
  });

  it("refuses a replayed trip confirmation, a stale one, one without user verification, and one from another person's passkey", async () => {
    const alice = await customer();
    const mallory = await customer();
    const path = controls(alice.cardId);
    const params = { cardId: alice.cardId };
    const trip = { intent: "add-trip", _form: "add-trip", tripCountries: "es", tripStart: "2026-12-20", tripEnd: "2026-12-27" };
    const prompt = await asked(CONTROLS, alice.who, path, trip, params);
    expect(prompt.words).toBe("Let Test card ••4242 pay in Spain (ES) on 20–27 Dec 2026, whatever its travel settings say");
    const signed = withAssertion(trip, alice.authenticator, prompt);
    expect(await call(CONTROLS, "action", postRequest(alice.who, path, signed), params)).toMatchObject({ status: 302 });
    expect((await asked(CONTROLS, alice.who, path, signed, params)).problem).toContain("already used");
    expect(await count("trips", alice.cardId)).toBe(1);

    const late = await asked(CONTROLS, alice.who, path, trip, params);
    setClock(() => new Date(NOW.getTime() + 6 * 60 * 1000));
    expect((await asked(CONTROLS, alice.who, path, withAssertion(trip, alice.authenticator, late), params)).problem).toContain("expired");

    const unverified = await asked(CONTROLS, alice.who, path, trip, params);
    expect((await asked(CONTROLS, alice.who, path, withAssertion(trip, alice.authenticator, unverified, { userVerified: false }), params)).problem).toContain("couldn't confirm it's you");

    const stolen = await asked(CONTROLS, alice.who, path, trip, params);
    expect((await asked(CONTROLS, alice.who, path, withAssertion(trip, mallory.authenticator, stolen), params)).problem).toContain("belongs to someone else");
    expect(await count("trips", alice.cardId)).toBe(1);
  });

  it("binds a confirmation to the session that asked for it", async () => {
    const alice = await customer();
    const otherTab = await signIn(alice.userId);
    const path = controls(alice.cardId);
    const params = { cardId: alice.cardId };
    const prompt = await asked(CONTROLS, alice.who, path, raiseDaily("4000"), params);
    expect((await asked(CONTROLS, otherTab, path, withAssertion(raiseDaily("4000"), alice.authenticator, prompt), params)).problem).toContain("expired or was already used");
    expect(await count("control_changes", alice.cardId)).toBe(0);
  });

  it("treats “this was me” as a loosening: refused without a confirmation, or with one for another payment or change", async () => {
    const alice = await customer();
    const flagged = await insertAuthorization(alice, { flagged: 1, risk_level: "medium", country: "FR", merchant_id: "m-paris", merchant_name: "Paris Bistro", amount_minor: 84_50, created_at: "2026-11-18T14:05:00.000Z" });
    const held = await insertAuthorization(alice, { outcome: "declined", reason: "high_risk", risk_level: "high", country: "ES", merchant_id: "m-madrid", merchant_name: "Madrid Casino" });
    const page = `/cards/${alice.cardId}`;
    const params = { cardId: alice.cardId };
    const thisWasMe = (authorizationId: string) => ({ intent: "confirm", authorizationId, _form: `confirm:${authorizationId}` });

    const prompt = await asked(CARD, alice.who, page, thisWasMe(flagged), params);
    expect(prompt).toMatchObject({
      kind: "payment.allow",
      form: `confirm:${flagged}`,
      words: "Confirm the £84.50 payment to Paris Bistro on 18 Nov 2026, 14:05 UTC was you, and let payments to Paris Bistro in France (FR) through our risk checks on Test card ••4242 for 24 hours",
    });
    expect(await count("risk_allowances", alice.cardId)).toBe(0);
    // A confirmation for the flagged payment cannot let the held one through…
    expect((await asked(CARD, alice.who, page, withAssertion(thisWasMe(held), alice.authenticator, prompt), params)).problem).toContain("different change");
    // …nor loosen a control.
    const again = await asked(CARD, alice.who, page, thisWasMe(flagged), params);
    expect((await asked(CONTROLS, alice.who, controls(alice.cardId), withAssertion(raiseDaily("4000"), alice.authenticator, again), params)).problem).toContain("different change");
    expect(await count("risk_allowances", alice.cardId)).toBe(0);
    expect(await db().selectFrom("authorizations").select("customer_response").where("id", "in", [flagged, held]).execute()).toEqual([{ customer_response: null }, { customer_response: null }]);

    const last = await asked(CARD, alice.who, page, thisWasMe(flagged), params);
    expect(await call(CARD, "action", postRequest(alice.who, page, withAssertion(thisWasMe(flagged), alice.authenticator, last)), params)).toMatchObject({ status: 302, location: `${page}?notice=confirmed` });
    expect(await db().selectFrom("risk_allowances").select(["country", "merchant_id"]).where("card_id", "=", alice.cardId).execute()).toEqual([{ country: "FR", merchant_id: "m-paris" }]);
    expect((await actionsOf(alice.userId)).slice(-2)).toEqual(["confirmation.confirmed", "payment.confirmed_by_customer"]);
    // "Not me" tightens: no passkey.
    expect(await call(CARD, "action", postRequest(alice.who, page, { intent: "deny", authorizationId: held }), params)).toMatchObject({ status: 302, location: `${page}?notice=denied` });
  });

  it("confirms removing a passkey and adding one, each for exactly that", async () => {
    const alice = await customer();
    const spare = await addPasskey(alice.userId, "Old phone");
    const remove = { intent: "remove", passkeyId: spare.credentialId, _form: `remove:${spare.credentialId}` };
    const prompt = await asked(PASSKEYS, alice.who, "/security/passkeys", remove, {});
    expect(prompt.words).toBe("Remove the passkey “Old phone” from your Strongroom account, so it can no longer sign in");
    const keep = { ...remove, passkeyId: alice.authenticator.credentialId };
    expect((await asked(PASSKEYS, alice.who, "/security/passkeys", withAssertion(keep, alice.authenticator, prompt), {})).problem).toContain("different change");
    expect(await db().selectFrom("passkeys").select("id").where("user_id", "=", alice.userId).execute()).toHaveLength(2);
    const fresh = await asked(PASSKEYS, alice.who, "/security/passkeys", remove, {});
    const removed = await call(PASSKEYS, "action", postRequest(alice.who, "/security/passkeys", withAssertion(remove, alice.authenticator, fresh)), {});
    expect(removed).toMatchObject({ status: 200 });
    expect((await db().selectFrom("passkeys").select("id").where("user_id", "=", alice.userId).execute()).map((row) => row.id)).toEqual([alice.authenticator.credentialId]);
    expect((await actionsOf(alice.userId)).slice(-2)).toEqual(["confirmation.confirmed", "passkey.removed"]);

    const options = (body: Record<string, unknown>) =>
      call(
        REGISTER,
        "action",
        requestWithCookie(alice.who.cookie, {
          url: `${ORIGIN}/webauthn/register`,
          method: "POST",
          body: JSON.stringify({ intent: "options", ...body }),
          headers: { Origin: ORIGIN, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json", "X-CSRF-Token": alice.who.csrf },
        }),
        {},
      );
    const first = await options({});
    expect(first.status).toBe(403);
    const problem = (await (first.raw as Response).json()) as { code: string; confirmation: ConfirmationPrompt };
    expect(problem).toMatchObject({ code: "confirmation_required", confirmation: { kind: "passkey.add", words: "Add a new passkey that can sign in to your Strongroom account" } });
    expect(await db().selectFrom("webauthn_challenges").select("purpose").where("binding", "=", alice.who.sessionId).execute()).toEqual([{ purpose: "confirm" }]);
    const assertion = alice.authenticator.assert({ challenge: problem.confirmation.options.challenge, origin: ORIGIN, rpId: "localhost" });
    const second = await options({ confirmation: assertion });
    expect(second.status).toBe(200);
    expect(await db().selectFrom("webauthn_challenges").select("purpose").where("binding", "=", alice.who.sessionId).execute()).toEqual([{ purpose: "register" }]);
    expect((await options({ confirmation: assertion })).status).toBe(403);
  });

  it("digests the canonical change: key order does not matter, every fact and word does", () => {
    const change = { kind: "controls.loosen", words: "Raise the daily limit", facts: { card: "c1", ops: [{ path: "limits.daily", value: 4_000_00 }] } };
    const digest = changeDigest("u1", change).toString("hex");
    expect(changeDigest("u1", { ...change, facts: { ops: [{ value: 4_000_00, path: "limits.daily" }], card: "c1" } }).toString("hex")).toBe(digest);
    for (const other of [
      { ...change, facts: { ...change.facts, card: "c2" } },
      { ...change, facts: { card: "c1", ops: [{ path: "limits.daily", value: 4_000_01 }] } },
      { ...change, words: "Raise the weekly limit" },
      { ...change, kind: "payment.allow" },
    ]) {
      expect(changeDigest("u1", other).toString("hex")).not.toBe(digest);
    }
    expect(changeDigest("u2", change).toString("hex")).not.toBe(digest);
    expect(() => changeDigest("u1", { ...change, facts: { amount: 40.5 } })).toThrow(TypeError);
  });
});
