import { sql } from "kysely";
import { cardPage } from "../../app/cards/cards.server";
import { resetClock, setClock } from "../../app/clock.server";
import { controlsForEngine, currentSettings } from "../../app/controls/card-controls.server";
import { defaultCardSettings, GAMBLING_DELAY_MS, LOOSENING_DELAY_MS, parseCardSettings, type CardSettings } from "../../app/controls/card-settings";
import { cancelPendingChange, changeCardSettings, ControlsError, foldMaturedChangesDue, merchantOfAuthorization, setCardFrozen, type Actor } from "../../app/controls/change-controls.server";
import { addTrip, cancelTrip, listTrips } from "../../app/controls/trips.server";
import { db } from "../../app/db.server";
import { ALLOWANCE_MS, AnswerError, answerPayment } from "../../app/risk/customer-answers.server";
import * as controlsRoute from "../../app/routes/cards.$cardId_.controls";
import { customerWithCard } from "../support/banking-fixtures";
import { confirmEverything, mustNotAsk, refuseEverything } from "../support/confirmations";
import { insertAuthorization, postRequest, routeHarness, signIn } from "../support/card-activity";
import { testEngines, useFreshDatabase } from "../support/test-database";

const NOW = new Date("2026-11-18T15:00:00.000Z"); // a Wednesday
const HOUR = 3_600_000;
const CONTROLS = "routes/cards.$cardId_.controls";

const actorOf = (customerId: string): Actor => ({ customerId, role: "customer", ip: "203.0.113.7", userAgent: "Vitest" });

async function storedSettings(cardId: string): Promise<CardSettings> {
  return parseCardSettings((await db().selectFrom("cards").select("settings").where("id", "=", cardId).executeTakeFirstOrThrow()).settings);
}

async function cardRow(cardId: string) {
  return db().selectFrom("cards").selectAll().where("id", "=", cardId).executeTakeFirstOrThrow();
}

async function count(table: "control_changes" | "approvals" | "trips" | "risk_allowances" | "review_items", cardId: string) {
  const column = table === "approvals" ? "subject_id" : "card_id";
  return Number((await db().selectFrom(table).select(sql<number>`count(*)`.as("n")).where(column, "=", cardId).executeTakeFirstOrThrow()).n);
}

async function auditActions(subjectId: string): Promise<string[]> {
  return (await db().selectFrom("audit_log").select("action").where("subject_id", "=", subjectId).orderBy("seq").execute()).map((row) => row.action);
}

describe.each(testEngines())("card page and controls on %s", (engine) => {
  useFreshDatabase(engine);
  beforeEach(() => setClock(() => NOW));
  afterEach(() => resetClock());
  const call = routeHarness({ [CONTROLS]: controlsRoute });

  it("adds up approved spend per UTC day, ISO week, month and channel, like the engine", async () => {
    const card = await customerWithCard();
    const at = (iso: string) => ({ created_at: iso });
    await insertAuthorization(card, { ...at("2026-11-18T09:00:00.000Z"), amount_minor: 10_00, channel: "in_store" });
    await insertAuthorization(card, { ...at("2026-11-18T00:00:00.000Z"), amount_minor: 5_00, channel: "online" });
    await insertAuthorization(card, { ...at("2026-11-18T10:00:00.000Z"), amount_minor: 100_00, outcome: "declined", reason: "daily_limit_exceeded" });
    await insertAuthorization(card, { ...at("2026-11-17T23:59:59.999Z"), amount_minor: 7_00, channel: "in_store" });
    await insertAuthorization(card, { ...at("2026-11-16T00:00:00.000Z"), amount_minor: 20_00, channel: "contactless" });
    await insertAuthorization(card, { ...at("2026-11-15T23:59:59.999Z"), amount_minor: 30_00, channel: "contactless" });
    await insertAuthorization(card, { ...at("2026-11-01T00:00:00.000Z"), amount_minor: 40_00 });
    await insertAuthorization(card, { ...at("2026-10-31T23:59:59.999Z"), amount_minor: 80_00 });
    const page = await cardPage(card.userId, card.cardId);
    const used = Object.fromEntries(page!.limits.map((limit) => [limit.key, limit.usedMinor]));
    expect(used).toEqual({
      perPayment: null,
      daily: 15_00,
      weekly: 42_00,
      monthly: 112_00,
      "channel-in_store": 10_00,
      "channel-online": 5_00,
      "channel-atm": 0,
      "channel-contactless": 0,
    });
    expect(page!.limits.find((limit) => limit.key === "daily")!.limitMinor).toBe(3_000_00);
  });

  it("shows each decision in words, links declines to their guide, and offers answers only where the engine asks", async () => {
    const card = await customerWithCard();
    const blocked = await insertAuthorization(card, { outcome: "declined", reason: "country_blocked", country: "ES", created_at: "2026-11-18T14:00:00.000Z" });
    const held = await insertAuthorization(card, { outcome: "declined", reason: "high_risk", risk_level: "high", created_at: "2026-11-18T13:00:00.000Z" });
    const flagged = await insertAuthorization(card, { flagged: 1, risk_level: "medium", created_at: "2026-11-18T12:00:00.000Z" });
    const plain = await insertAuthorization(card, { created_at: "2026-11-18T11:00:00.000Z" });
    const views = Object.fromEntries((await cardPage(card.userId, card.cardId))!.authorizations.map((view) => [view.id, view]));
    expect(views[blocked]).toMatchObject({ approved: false, title: "Country blocked", guideSlug: "travelling-with-your-card", canAnswer: false });
    expect(views[blocked]!.message).toContain("Spain");
    expect(views[held]).toMatchObject({ approved: false, title: "Declined by our fraud checks", guideSlug: "when-a-payment-is-held", canAnswer: true });
    expect(views[flagged]).toMatchObject({ approved: true, guideSlug: null, flagged: true, canAnswer: true });
    expect(views[plain]).toMatchObject({ approved: true, guideSlug: null, canAnswer: false, merchantBlocked: false });
  });

  it("applies a tightening at once, without a passkey, and audits it", async () => {
    const card = await customerWithCard();
    const outcome = await changeCardSettings({
      actor: actorOf(card.userId),
      cardId: card.cardId,
      edit: (draft) => {
        draft.limits.daily = 100_00;
        draft.travel.mode = "home_only";
        draft.blockedCategories.push("crypto");
      },
      confirm: mustNotAsk,
    });
    expect(outcome.pending).toEqual([]);
    expect(outcome.applied).toHaveLength(3);
    const settings = await storedSettings(card.cardId);
    expect(settings.limits.daily).toBe(100_00);
    expect(settings.travel.mode).toBe("home_only");
    expect(settings.blockedCategories).toEqual(["crypto"]);
    expect(await count("control_changes", card.cardId)).toBe(0);
    expect(await auditActions(card.cardId)).toEqual(["controls.changed"]);
    expect((await cardPage(card.userId, card.cardId))!.settings.travel.mode).toBe("home_only");
  });

  it("makes a loosening wait 24 hours after a passkey check, as a pending change and a proposal for a supervisor", async () => {
    const card = await customerWithCard();
    const confirm = confirmEverything();
    const outcome = await changeCardSettings({
      actor: actorOf(card.userId),
      cardId: card.cardId,
      edit: (draft) => void (draft.limits.daily = 5_000_00),
      confirm,
    });
    expect(confirm.asked).toEqual([
      {
        kind: "controls.loosen",
        words: "Raise the daily limit on Test card ••4242 from £3,000.00 to £5,000.00",
        facts: { card: card.cardId, currency: "GBP", ops: [{ op: "set", path: "limits.daily", value: 5_000_00, from: 3_000_00 }] },
      },
    ]);
    expect(outcome.applied).toEqual([]);
    expect(outcome.pending).toEqual([{ id: expect.any(String), summary: "Set the daily spending limit to £5,000.00", effectiveAt: new Date(NOW.getTime() + LOOSENING_DELAY_MS).toISOString() }]);
    expect((await storedSettings(card.cardId)).limits.daily).toBe(3_000_00);
    const change = await db().selectFrom("control_changes").selectAll().where("card_id", "=", card.cardId).executeTakeFirstOrThrow();
    expect(change).toMatchObject({ status: "pending", customer_id: card.userId, effective_at: "2026-11-19T15:00:00.000Z" });
    expect(JSON.parse(change.patch)).toEqual([{ op: "set", path: "limits.daily", value: 5_000_00 }]);
    const approval = await db().selectFrom("approvals").selectAll().where("id", "=", change.approval_id!).executeTakeFirstOrThrow();
    expect(approval).toMatchObject({ kind: "controls.loosen", subject_type: "card", subject_id: card.cardId, status: "pending", proposed_by: card.userId });
    expect(JSON.parse(approval.payload)).toMatchObject({ changeId: change.id, cardId: card.cardId });
    expect(await auditActions(card.cardId)).toEqual(["controls.change_requested"]);

    const page = await cardPage(card.userId, card.cardId);
    expect(page!.pending).toEqual([{ id: change.id, summary: change.summary, requestedAt: NOW.toISOString(), effectiveAt: change.effective_at }]);
    expect(page!.settings.limits.daily).toBe(3_000_00);
    // Asking again starts no second clock.
    await changeCardSettings({ actor: actorOf(card.userId), cardId: card.cardId, edit: (draft) => void (draft.limits.daily = 5_000_00), confirm: mustNotAsk });
    expect(await count("control_changes", card.cardId)).toBe(1);

    setClock(() => new Date(NOW.getTime() + LOOSENING_DELAY_MS));
    const later = await cardPage(card.userId, card.cardId);
    expect(later!.settings.limits.daily).toBe(5_000_00);
    expect(later!.pending).toEqual([]);
  });

  it("makes lifting the gambling block wait 48 hours and other categories 24", async () => {
    const card = await customerWithCard({ settings: (s) => void s.blockedCategories.push("gambling", "adult") });
    const outcome = await changeCardSettings({ actor: actorOf(card.userId), cardId: card.cardId, edit: (draft) => void (draft.blockedCategories = []), confirm: confirmEverything() });
    expect(outcome.pending.map((change) => [change.summary, change.effectiveAt])).toEqual([
      ["Unblock adult content", new Date(NOW.getTime() + LOOSENING_DELAY_MS).toISOString()],
      ["Unblock gambling", new Date(NOW.getTime() + GAMBLING_DELAY_MS).toISOString()],
    ]);
    expect(await count("approvals", card.cardId)).toBe(2);
    setClock(() => new Date(NOW.getTime() + 30 * HOUR));
    expect((await cardPage(card.userId, card.cardId))!.settings.blockedCategories).toEqual(["gambling"]);
    setClock(() => new Date(NOW.getTime() + 48 * HOUR));
    expect((await cardPage(card.userId, card.cardId))!.settings.blockedCategories).toEqual([]);
  });

  it("changes nothing when the passkey check fails, and applies the tightening part of a mixed change only after it", async () => {
    const card = await customerWithCard();
    await expect(
      changeCardSettings({
        actor: actorOf(card.userId),
        cardId: card.cardId,
        edit: (draft) => {
          draft.limits.weekly = null;
          draft.limits.daily = 50_00;
        },
        confirm: refuseEverything,
      }),
    ).rejects.toMatchObject({ code: "confirmation_required" });
    expect((await storedSettings(card.cardId)).limits).toMatchObject({ daily: 3_000_00, weekly: 10_000_00 });
    expect(await count("control_changes", card.cardId)).toBe(0);
    expect(await count("approvals", card.cardId)).toBe(0);
    expect(await auditActions(card.cardId)).toEqual([]);
  });

  it("folds a matured change into the card, keeping a tightening made later", async () => {
    const card = await customerWithCard({ settings: (s) => void s.travel.blockedCountries.push("ES") });
    const actor = actorOf(card.userId);
    await changeCardSettings({ actor, cardId: card.cardId, edit: (draft) => void (draft.travel.blockedCountries = []), confirm: confirmEverything() });
    setClock(() => new Date(NOW.getTime() + 25 * HOUR));
    await changeCardSettings({ actor, cardId: card.cardId, edit: (draft) => void draft.travel.blockedCountries.push("RU"), confirm: mustNotAsk });
    expect((await storedSettings(card.cardId)).travel.blockedCountries).toEqual(["RU"]);
    expect((await db().selectFrom("control_changes").select("status").where("card_id", "=", card.cardId).executeTakeFirstOrThrow()).status).toBe("applied");
    // Blocking Spain again now sticks: nothing pending can undo it.
    await changeCardSettings({ actor, cardId: card.cardId, edit: (draft) => void draft.travel.blockedCountries.push("ES"), confirm: mustNotAsk });
    expect((await currentSettings(db(), await cardRow(card.cardId), new Date(NOW.getTime() + 100 * HOUR))).travel.blockedCountries).toEqual(["RU", "ES"]);
  });

  it("folds matured changes in the background, each card on its own, without a save", async () => {
    const first = await customerWithCard();
    const second = await customerWithCard();
    const waiting = await customerWithCard();
    for (const card of [first, second]) {
      await changeCardSettings({ actor: actorOf(card.userId), cardId: card.cardId, edit: (draft) => void (draft.limits.daily = 4_000_00), confirm: confirmEverything() });
    }
    setClock(() => new Date(NOW.getTime() + 12 * HOUR));
    await changeCardSettings({ actor: actorOf(waiting.userId), cardId: waiting.cardId, edit: (draft) => void (draft.limits.daily = 4_000_00), confirm: confirmEverything() });
    setClock(() => new Date(NOW.getTime() + 25 * HOUR));

    // Earlier tests in this file may have left matured changes of their own.
    expect(await foldMaturedChangesDue()).toBeGreaterThanOrEqual(2);
    for (const card of [first, second]) {
      expect((await storedSettings(card.cardId)).limits.daily).toBe(4_000_00);
      expect((await db().selectFrom("control_changes").select("status").where("card_id", "=", card.cardId).executeTakeFirstOrThrow()).status).toBe("applied");
      expect(await auditActions(card.cardId)).toContain("controls.change_applied");
    }
    // Not yet due: untouched, still pending.
    expect((await storedSettings(waiting.cardId)).limits.daily).not.toBe(4_000_00);
    expect((await db().selectFrom("control_changes").select("status").where("card_id", "=", waiting.cardId).executeTakeFirstOrThrow()).status).toBe("pending");
    // Nothing left to fold: a second run (another instance, say) changes nothing.
    expect(await foldMaturedChangesDue()).toBe(0);
  });

  it("lets a value set now replace a waiting loosening of the same field", async () => {
    const card = await customerWithCard();
    const actor = actorOf(card.userId);
    await changeCardSettings({ actor, cardId: card.cardId, edit: (draft) => void (draft.limits.daily = 5_000_00), confirm: confirmEverything() });
    await changeCardSettings({ actor, cardId: card.cardId, edit: (draft) => void (draft.limits.daily = 200_00), confirm: mustNotAsk });
    const change = await db().selectFrom("control_changes").select(["status", "approval_id"]).where("card_id", "=", card.cardId).executeTakeFirstOrThrow();
    expect(change.status).toBe("cancelled");
    expect((await db().selectFrom("approvals").select("status").where("id", "=", change.approval_id!).executeTakeFirstOrThrow()).status).toBe("cancelled");
    expect((await currentSettings(db(), await cardRow(card.cardId), new Date(NOW.getTime() + 100 * HOUR))).limits.daily).toBe(200_00);
  });

  it("cancels a waiting change and its proposal; a cancelled or someone else's change is not found", async () => {
    const card = await customerWithCard({ settings: (s) => void (s.channels.atm = false) });
    const other = await customerWithCard();
    const { pending } = await changeCardSettings({ actor: actorOf(card.userId), cardId: card.cardId, edit: (draft) => void (draft.channels.atm = true), confirm: confirmEverything() });
    const changeId = pending[0]!.id;
    await expect(cancelPendingChange(actorOf(other.userId), card.cardId, changeId)).rejects.toMatchObject({ code: "not_found" });
    await expect(cancelPendingChange(actorOf(other.userId), other.cardId, changeId)).rejects.toMatchObject({ code: "not_found" });
    await cancelPendingChange(actorOf(card.userId), card.cardId, changeId);
    const row = await db().selectFrom("control_changes").select(["status", "approval_id"]).where("id", "=", changeId).executeTakeFirstOrThrow();
    expect(row.status).toBe("cancelled");
    expect((await db().selectFrom("approvals").select("status").where("id", "=", row.approval_id!).executeTakeFirstOrThrow()).status).toBe("cancelled");
    await expect(cancelPendingChange(actorOf(card.userId), card.cardId, changeId)).rejects.toBeInstanceOf(ControlsError);
    setClock(() => new Date(NOW.getTime() + 48 * HOUR));
    expect((await cardPage(card.userId, card.cardId))!.settings.channels.atm).toBe(false);
  });

  it("freezes and unfreezes at once, and refuses a card that is someone else's or cancelled", async () => {
    const card = await customerWithCard();
    const other = await customerWithCard();
    expect(await setCardFrozen(actorOf(card.userId), card.cardId, true)).toBe("changed");
    expect(await setCardFrozen(actorOf(card.userId), card.cardId, true)).toBe("unchanged");
    expect((await cardRow(card.cardId)).status).toBe("frozen");
    await expect(setCardFrozen(actorOf(other.userId), card.cardId, false, confirmEverything())).rejects.toMatchObject({ code: "not_found" });
    expect(await setCardFrozen(actorOf(card.userId), card.cardId, false, confirmEverything())).toBe("changed");
    expect((await cardRow(card.cardId)).status).toBe("active");
    expect(await auditActions(card.cardId)).toEqual(["card.frozen", "card.unfrozen"]);
    await db().updateTable("cards").set({ status: "cancelled" }).where("id", "=", card.cardId).execute();
    await expect(setCardFrozen(actorOf(card.userId), card.cardId, true)).rejects.toMatchObject({ reason: "card_not_usable" });
  });

  it("adds a trip for its dates without a wait, which the engine honours, and cancels it at once", async () => {
    const card = await customerWithCard({ settings: (s) => void (s.travel.mode = "home_only") });
    const actor = actorOf(card.userId);
    const trip = await addTrip(actor, card.cardId, { countries: ["ES", "PT"], startDate: "2026-11-20", endDate: "2026-11-27" }, confirmEverything());
    expect(trip).toMatchObject({ startsAt: "2026-11-20T00:00:00.000Z", endsAt: "2026-11-28T00:00:00.000Z", active: false });
    expect(await count("control_changes", card.cardId)).toBe(0);
    const controls = await controlsForEngine(db(), await cardRow(card.cardId), new Date("2026-11-21T10:00:00.000Z"));
    expect(controls.trips).toEqual([{ countries: ["ES", "PT"], startsAt: new Date("2026-11-20T00:00:00.000Z"), endsAt: new Date("2026-11-28T00:00:00.000Z") }]);
    expect((await listTrips(card.userId, card.cardId)).map((t) => t.id)).toEqual([trip.id]);
    const other = await customerWithCard();
    await expect(cancelTrip(actorOf(other.userId), other.cardId, trip.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(addTrip(actorOf(other.userId), card.cardId, { countries: ["FR"], startDate: "2026-11-20", endDate: "2026-11-21" }, confirmEverything())).rejects.toMatchObject({ code: "not_found" });
    await cancelTrip(actor, card.cardId, trip.id);
    expect(await listTrips(card.userId, card.cardId)).toEqual([]);
    expect(await auditActions(card.cardId)).toEqual(["trip.added", "trip.cancelled"]);
  });

  it("blocks the merchant of one of the customer's own payments, and no one else's", async () => {
    const card = await customerWithCard();
    const other = await customerWithCard();
    const payment = await insertAuthorization(card, { merchant_id: "m-casino", merchant_name: "Lucky Casino" });
    expect(await merchantOfAuthorization(other.userId, card.cardId, payment)).toBeNull();
    expect(await merchantOfAuthorization(other.userId, other.cardId, payment)).toBeNull();
    const merchant = await merchantOfAuthorization(card.userId, card.cardId, payment);
    expect(merchant).toEqual({ id: "m-casino", name: "Lucky Casino" });
    await changeCardSettings({ actor: actorOf(card.userId), cardId: card.cardId, edit: (draft) => void draft.blockedMerchants.push(merchant!), confirm: mustNotAsk });
    expect((await storedSettings(card.cardId)).blockedMerchants).toEqual([{ id: "m-casino", name: "Lucky Casino" }]);
    expect((await cardPage(card.userId, card.cardId))!.authorizations[0]!.merchantBlocked).toBe(true);
    const unblock = await changeCardSettings({ actor: actorOf(card.userId), cardId: card.cardId, edit: (draft) => void (draft.blockedMerchants = []), confirm: confirmEverything() });
    expect(unblock.pending.map((change) => change.summary)).toEqual(["Unblock payments to Lucky Casino"]);
  });

  it("answers 'this was me' once: a 24-hour allowance for that merchant and country", async () => {
    const card = await customerWithCard();
    const payment = await insertAuthorization(card, { flagged: 1, risk_level: "medium", country: "FR", merchant_id: "m-paris" });
    const answer = { customerId: card.userId, role: "customer", ip: null, userAgent: null, cardId: card.cardId, authorizationId: payment, confirm: confirmEverything() };
    await answerPayment({ ...answer, answer: "confirmed" });
    const allowance = await db().selectFrom("risk_allowances").selectAll().where("card_id", "=", card.cardId).executeTakeFirstOrThrow();
    expect(allowance).toMatchObject({ country: "FR", merchant_id: "m-paris", authorization_id: payment, until: new Date(NOW.getTime() + ALLOWANCE_MS).toISOString() });
    expect(await db().selectFrom("authorizations").select(["customer_response", "responded_at"]).where("id", "=", payment).executeTakeFirstOrThrow()).toEqual({ customer_response: "confirmed", responded_at: NOW.toISOString() });
    await expect(answerPayment({ ...answer, answer: "denied" })).rejects.toMatchObject({ reason: "already_answered" });
    expect((await cardRow(card.cardId)).status).toBe("active");
    expect(await count("risk_allowances", card.cardId)).toBe(1);
    expect((await controlsForEngine(db(), await cardRow(card.cardId), NOW)).allowances).toHaveLength(1);
  });

  it("answers 'not me' on a held payment: the card is frozen at once and a review opens", async () => {
    const card = await customerWithCard();
    const payment = await insertAuthorization(card, { outcome: "declined", reason: "high_risk", risk_level: "high" });
    await answerPayment({ customerId: card.userId, role: "customer", ip: null, userAgent: null, cardId: card.cardId, authorizationId: payment, answer: "denied", confirm: mustNotAsk });
    expect((await cardRow(card.cardId)).status).toBe("frozen");
    const review = await db().selectFrom("review_items").selectAll().where("card_id", "=", card.cardId).executeTakeFirstOrThrow();
    expect(review).toMatchObject({ kind: "customer_denied", customer_id: card.userId, authorization_id: payment, status: "open" });
    expect(await auditActions(card.cardId)).toEqual(["payment.denied_by_customer"]);
  });

  it("refuses answers on ordinary payments and on other people's", async () => {
    const card = await customerWithCard();
    const other = await customerWithCard();
    const plain = await insertAuthorization(card);
    const flagged = await insertAuthorization(card, { flagged: 1 });
    const base = { role: "customer", ip: null, userAgent: null, answer: "confirmed" as const, confirm: mustNotAsk };
    await expect(answerPayment({ ...base, customerId: card.userId, cardId: card.cardId, authorizationId: plain })).rejects.toMatchObject({ reason: "not_answerable" });
    await expect(answerPayment({ ...base, customerId: other.userId, cardId: card.cardId, authorizationId: flagged })).rejects.toBeInstanceOf(AnswerError);
    await expect(answerPayment({ ...base, customerId: other.userId, cardId: other.cardId, authorizationId: flagged })).rejects.toMatchObject({ code: "not_found" });
    expect(await db().selectFrom("authorizations").select("customer_response").where("id", "=", flagged).executeTakeFirstOrThrow()).toEqual({ customer_response: null });
  });

  describe("through the controls page", () => {
    it("asks for a passkey confirmation of exactly the change before a loosening, unfreeze or trip, and writes nothing without one", async () => {
      const card = await customerWithCard({ settings: (s) => void (s.channels.atm = false) });
      await db().updateTable("cards").set({ status: "frozen" }).where("id", "=", card.cardId).execute();
      const who = await signIn(card.userId);
      const path = `/cards/${card.cardId}/controls`;
      const params = { cardId: card.cardId };
      const channels = { intent: "channels", _form: "channels", channel_in_store: "on", channel_online: "on", channel_atm: "on", channel_contactless: "on" };
      const needPasskey: [Record<string, string>, string][] = [
        [channels, "Turn cash machine withdrawals back on for Test card ••4242"],
        [{ intent: "unfreeze", _form: "unfreeze" }, "Unfreeze Test card ••4242 so it can pay again"],
        [{ intent: "add-trip", _form: "add-trip", tripCountries: "PT, ES", tripStart: "2026-11-20", tripEnd: "2026-11-22" }, "Let Test card ••4242 pay in Spain (ES) and Portugal (PT) on 20–22 Nov 2026, whatever its travel settings say"],
      ];
      for (const [fields, words] of needPasskey) {
        const result = await call(CONTROLS, "action", postRequest(who, path, fields), params);
        expect(result.status, fields.intent).toBe(403);
        expect(result.body).toMatchObject({ code: "confirmation_required", confirmation: { words, form: fields._form, problem: null, options: { userVerification: "required" } } });
      }
      expect((await cardRow(card.cardId)).status).toBe("frozen");
      expect(await count("control_changes", card.cardId)).toBe(0);
      expect(await count("trips", card.cardId)).toBe(0);
      expect((await db().selectFrom("audit_log").select("action").where("actor_id", "=", card.userId).execute()).map((row) => row.action)).toEqual([
        "confirmation.requested",
        "confirmation.requested",
        "confirmation.requested",
      ]);
      // Tightening and freezing need no passkey.
      const tighten = await call(CONTROLS, "action", postRequest(who, path, { ...channels, channel_atm: [], channel_online: [] }), params);
      expect(tighten).toMatchObject({ status: 302, location: `${path}?notice=applied` });
      expect((await storedSettings(card.cardId)).channels.online).toBe(false);
    });

    it("answers 422 with field errors for values that don't parse, and changes nothing", async () => {
      const card = await customerWithCard();
      const who = await signIn(card.userId);
      const path = `/cards/${card.cardId}/controls`;
      const result = await call(CONTROLS, "action", postRequest(who, path, { intent: "amount-blocks", amount_online: "12.345", amount_atm: "-5" }), { cardId: card.cardId });
      expect(result.status).toBe(422);
      expect(Object.keys((result.body as { reply: { error?: Record<string, string[]> } }).reply.error ?? {}).sort()).toEqual(["amount_atm", "amount_online"]);
      const trip = await call(CONTROLS, "action", postRequest(who, path, { intent: "add-trip", tripCountries: "ES, XX", tripStart: "2026-11-25", tripEnd: "2026-11-20" }), { cardId: card.cardId });
      expect(trip.status).toBe(422);
      expect(Object.keys((trip.body as { reply: { error?: Record<string, string[]> } }).reply.error ?? {})).toEqual(["tripCountries"]);
      const backwards = await call(CONTROLS, "action", postRequest(who, path, { intent: "add-trip", tripCountries: "ES", tripStart: "2026-11-25", tripEnd: "2026-11-20" }), { cardId: card.cardId });
      expect(backwards.body).toMatchObject({ kind: "invalid", reply: { error: { tripEnd: [expect.stringContaining("on or after")] } } });
      expect(await storedSettings(card.cardId)).toEqual(defaultCardSettings("GB"));
    });

    it("parses typed amounts as exact minor units", async () => {
      const card = await customerWithCard();
      const who = await signIn(card.userId);
      const path = `/cards/${card.cardId}/controls`;
      const result = await call(CONTROLS, "action", postRequest(who, path, { intent: "amount-blocks", amount_online: "49.99", amount_atm: "1,000", amount_in_store: "", amount_contactless: "0.10" }), { cardId: card.cardId });
      expect(result.status).toBe(302);
      expect((await storedSettings(card.cardId)).amountBlocks).toEqual({ in_store: null, online: 49_99, atm: 1_000_00, contactless: 10 });
    });
  });
});
