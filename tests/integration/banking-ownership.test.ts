import crypto from "node:crypto";
import { changeCardSettings } from "../../app/controls/change-controls.server";
import { addTrip } from "../../app/controls/trips.server";
import { db } from "../../app/db.server";
import * as accountsIndex from "../../app/routes/accounts._index";
import * as accountPage from "../../app/routes/accounts.$accountId";
import * as transactionsCsv from "../../app/routes/accounts.$accountId_.transactions[.]csv";
import * as cardRoute from "../../app/routes/cards.$cardId";
import * as controlsRoute from "../../app/routes/cards.$cardId_.controls";
import { customerWithCard } from "../support/banking-fixtures";
import { getRequest, insertAuthorization, postRequest, routeHarness, signIn } from "../support/card-activity";
import { confirmEverything } from "../support/confirmations";
import { testEngines, useFreshDatabase } from "../support/test-database";

const ROUTES = {
  "routes/accounts._index": accountsIndex,
  "routes/accounts.$accountId": accountPage,
  "routes/accounts.$accountId_.transactions[.]csv": transactionsCsv,
  "routes/cards.$cardId": cardRoute,
  "routes/cards.$cardId_.controls": controlsRoute,
};

/** Everything that belongs to a customer's card, to prove a refused request changed none of it. */
async function snapshot(customerId: string, cardId: string, accountId: string) {
  return {
    accounts: await db().selectFrom("accounts").selectAll().where("customer_id", "=", customerId).execute(),
    cards: await db().selectFrom("cards").selectAll().where("customer_id", "=", customerId).execute(),
    transactions: await db().selectFrom("transactions").selectAll().where("account_id", "=", accountId).orderBy("id").execute(),
    authorizations: await db().selectFrom("authorizations").selectAll().where("card_id", "=", cardId).orderBy("id").execute(),
    changes: await db().selectFrom("control_changes").selectAll().where("card_id", "=", cardId).orderBy("id").execute(),
    approvals: await db().selectFrom("approvals").selectAll().where("subject_id", "=", cardId).orderBy("id").execute(),
    trips: await db().selectFrom("trips").selectAll().where("card_id", "=", cardId).orderBy("id").execute(),
    allowances: await db().selectFrom("risk_allowances").selectAll().where("card_id", "=", cardId).execute(),
    reviews: await db().selectFrom("review_items").selectAll().where("card_id", "=", cardId).execute(),
    audit: await db().selectFrom("audit_log").select(["seq", "action"]).where("subject_id", "=", cardId).orderBy("seq").execute(),
  };
}

describe.each(testEngines())("a customer asking for another customer's ids on %s", (engine) => {
  useFreshDatabase(engine);
  const call = routeHarness(ROUTES);

  async function setUp() {
    const alice = await customerWithCard();
    const ben = await customerWithCard({ settings: (s) => void (s.channels.atm = false) });
    await db()
      .insertInto("transactions")
      .values({ id: crypto.randomUUID(), account_id: ben.accountId, card_id: ben.cardId, posted_at: new Date().toISOString(), description: "BEN'S SHOP", merchant_name: "Ben's shop", mcc: "5411", country: "GB", channel: "in_store", amount_minor: -12_00, currency: "GBP", original_amount_minor: null, original_currency: null })
      .execute();
    const benActor = { customerId: ben.userId, role: "customer", ip: null, userAgent: null };
    const flagged = await insertAuthorization(ben, { flagged: 1, risk_level: "medium", merchant_id: "m-ben", merchant_name: "Ben's merchant" });
    const held = await insertAuthorization(ben, { outcome: "declined", reason: "high_risk", risk_level: "high" });
    const trip = await addTrip(benActor, ben.cardId, { countries: ["ES"], startDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), endDate: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10) }, confirmEverything());
    const { pending } = await changeCardSettings({ actor: benActor, cardId: ben.cardId, edit: (draft) => void (draft.channels.atm = true), confirm: confirmEverything() });
    await changeCardSettings({ actor: benActor, cardId: ben.cardId, edit: (draft) => void draft.blockedMerchants.push({ id: "m-ben", name: "Ben's merchant" }), confirm: confirmEverything() });
    const aliceAuthorization = await insertAuthorization(alice, { flagged: 1 });
    return { alice, ben, flagged, held, tripId: trip.id, changeId: pending[0]!.id, aliceAuthorization, signedIn: await signIn(alice.userId) };
  }

  it("gets 404 from every route, and nothing of the other customer's changes", async () => {
    const { alice, ben, flagged, held, tripId, changeId, signedIn } = await setUp();
    const before = await snapshot(ben.userId, ben.cardId, ben.accountId);
    const expect404 = async (id: string, kind: "loader" | "action", request: Request, params: Record<string, string>, label: string) => {
      const result = await call(id, kind, request, params);
      expect(result.status, label).toBe(404);
      expect(result.body, label).toBeNull();
    };

    await expect404("routes/accounts.$accountId", "loader", getRequest(signedIn, `/accounts/${ben.accountId}`), { accountId: ben.accountId }, "account page");
    await expect404("routes/accounts.$accountId", "loader", getRequest(signedIn, `/accounts/${ben.accountId}?q=shop&page=1`), { accountId: ben.accountId }, "account page, filtered");
    await expect404("routes/accounts.$accountId_.transactions[.]csv", "loader", getRequest(signedIn, `/accounts/${ben.accountId}/transactions.csv`), { accountId: ben.accountId }, "CSV");
    await expect404("routes/cards.$cardId", "loader", getRequest(signedIn, `/cards/${ben.cardId}`), { cardId: ben.cardId }, "card page");
    await expect404("routes/cards.$cardId_.controls", "loader", getRequest(signedIn, `/cards/${ben.cardId}/controls`), { cardId: ben.cardId }, "controls page");

    for (const intent of ["confirm", "deny", "block-merchant"]) {
      for (const authorizationId of [flagged, held]) {
        await expect404("routes/cards.$cardId", "action", postRequest(signedIn, `/cards/${ben.cardId}`, { intent, authorizationId }), { cardId: ben.cardId }, `${intent} on their card`);
        // Their payment through my own card id is still not mine.
        await expect404("routes/cards.$cardId", "action", postRequest(signedIn, `/cards/${alice.cardId}`, { intent, authorizationId }), { cardId: alice.cardId }, `${intent} through my card`);
      }
    }

    const controlForms: Record<string, string>[] = [
      { intent: "freeze" },
      { intent: "unfreeze" },
      { intent: "channels", channel_in_store: "on" },
      { intent: "amount-blocks", amount_online: "10" },
      { intent: "limits", limit_daily: "10" },
      { intent: "categories", category: "gambling" },
      { intent: "travel", homeCountry: "GB", mode: "home_only", blockedCountries: "", allowedCountries: "" },
      { intent: "add-trip", tripCountries: "FR", tripStart: new Date().toISOString().slice(0, 10), tripEnd: new Date().toISOString().slice(0, 10) },
      { intent: "cancel-trip", tripId },
      { intent: "cancel-change", changeId },
      { intent: "unblock-merchant", merchantId: "m-ben" },
    ];
    for (const fields of controlForms) {
      await expect404("routes/cards.$cardId_.controls", "action", postRequest(signedIn, `/cards/${ben.cardId}/controls`, fields), { cardId: ben.cardId }, `${fields.intent} on their card`);
    }
    await expect404("routes/cards.$cardId_.controls", "action", postRequest(signedIn, `/cards/${alice.cardId}/controls`, { intent: "cancel-trip", tripId }), { cardId: alice.cardId }, "their trip through my card");
    await expect404("routes/cards.$cardId_.controls", "action", postRequest(signedIn, `/cards/${alice.cardId}/controls`, { intent: "cancel-change", changeId }), { cardId: alice.cardId }, "their change through my card");

    expect(await snapshot(ben.userId, ben.cardId, ben.accountId)).toEqual(before);
  });

  it("sees only their own accounts and cards, and their own pages work", async () => {
    const { alice, ben, signedIn, aliceAuthorization } = await setUp();
    const overview = await call("routes/accounts._index", "loader", getRequest(signedIn, "/accounts"), {});
    expect(overview.status).toBe(200);
    const body = overview.body as { accounts: { id: string }[]; cards: { id: string }[] };
    expect(body.accounts.map((account) => account.id)).toEqual([alice.accountId]);
    expect(body.cards.map((card) => card.id)).toEqual([alice.cardId]);
    expect(JSON.stringify(body)).not.toContain(ben.accountId);
    expect((await call("routes/accounts.$accountId", "loader", getRequest(signedIn, `/accounts/${alice.accountId}`), { accountId: alice.accountId })).status).toBe(200);
    expect((await call("routes/accounts.$accountId", "loader", getRequest(signedIn, `/accounts/${alice.accountId}?min=abc`), { accountId: alice.accountId })).status).toBe(400);
    expect((await call("routes/accounts.$accountId_.transactions[.]csv", "loader", getRequest(signedIn, `/accounts/${alice.accountId}/transactions.csv`), { accountId: alice.accountId })).status).toBe(200);
    expect((await call("routes/cards.$cardId", "loader", getRequest(signedIn, `/cards/${alice.cardId}`), { cardId: alice.cardId })).status).toBe(200);
    expect((await call("routes/cards.$cardId_.controls", "loader", getRequest(signedIn, `/cards/${alice.cardId}/controls`), { cardId: alice.cardId })).status).toBe(200);
    // "This was me" loosens risk scoring, so it asks for a passkey first; "not me" does not.
    const asked = await call("routes/cards.$cardId", "action", postRequest(signedIn, `/cards/${alice.cardId}`, { intent: "confirm", authorizationId: aliceAuthorization }), { cardId: alice.cardId });
    expect(asked).toMatchObject({ status: 403, body: { code: "confirmation_required" } });
    const denied = await call("routes/cards.$cardId", "action", postRequest(signedIn, `/cards/${alice.cardId}`, { intent: "deny", authorizationId: aliceAuthorization }), { cardId: alice.cardId });
    expect(denied).toMatchObject({ status: 302, location: `/cards/${alice.cardId}?notice=denied` });
    const again = await call("routes/cards.$cardId", "action", postRequest(signedIn, `/cards/${alice.cardId}`, { intent: "confirm", authorizationId: aliceAuthorization }), { cardId: alice.cardId });
    expect(again.status).toBe(409);
  });

  it("refuses staff: the policy asks for customer permissions", async () => {
    const { ben } = await setUp();
    const { createUser } = await import("../../app/users/users.server");
    const staff = await signIn(await createUser({ displayName: "Sam", email: `${crypto.randomUUID()}@example.com`, roles: ["support"] }));
    for (const [id, path, params] of [
      ["routes/accounts.$accountId", `/accounts/${ben.accountId}`, { accountId: ben.accountId }],
      ["routes/cards.$cardId", `/cards/${ben.cardId}`, { cardId: ben.cardId }],
      ["routes/cards.$cardId_.controls", `/cards/${ben.cardId}/controls`, { cardId: ben.cardId }],
    ] as const) {
      expect((await call(id, "loader", getRequest(staff, path), params)).status, id).toBe(403);
    }
  });
});
