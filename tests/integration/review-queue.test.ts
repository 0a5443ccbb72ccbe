import crypto from "node:crypto";
import { securityTimeline } from "../../app/audit/security-timeline.server";
import { db } from "../../app/db.server";
import { cardPage } from "../../app/cards/cards.server";
import { casesForCard } from "../../app/risk/customer-cases.server";
import { assignToMe, resolveCase, reviewQueue } from "../../app/staff/review-queue.server";
import * as queueRoute from "../../app/routes/staff.reviews._index";
import * as caseRoute from "../../app/routes/staff.reviews.$reviewId";
import * as cardRoute from "../../app/routes/cards.$cardId";
import { customerWithCard } from "../support/banking-fixtures";
import { getRequest, insertAuthorization, postRequest, routeHarness, signIn } from "../support/card-activity";
import { testEngines, useFreshDatabase } from "../support/test-database";
import { refusalOf, staffActor, useClockAt } from "../support/staff-fixtures";

const NOW = new Date("2026-11-30T10:00:00.000Z");
const HOUR = 60 * 60 * 1000;

describe.each(testEngines())("review queue on %s", (engine) => {
  useFreshDatabase(engine);
  useClockAt(NOW);

  const staff = staffActor;

  async function openCase(kind: "high_risk" | "flagged" | "customer_denied", openedAt: Date) {
    const card = await customerWithCard();
    const authorization = await insertAuthorization(card, {
      outcome: kind === "high_risk" ? "declined" : "approved",
      reason: kind === "high_risk" ? "high_risk" : "approved",
      risk_level: kind === "high_risk" ? "high" : "medium",
      risk_signals: JSON.stringify([{ code: "new_country", points: 30, detail: "First payment in Brazil" }]),
      merchant_id: "m-rio",
      merchant_name: "Rio Electronics",
      country: "BR",
      customer_response: kind === "customer_denied" ? "denied" : null,
      created_at: openedAt.toISOString(),
    });
    const id = crypto.randomUUID();
    await db()
      .insertInto("review_items")
      .values({ id, kind, card_id: card.cardId, customer_id: card.userId, authorization_id: authorization, status: "open", opened_at: openedAt.toISOString(), resolved_at: null, resolved_by: null, note: null })
      .execute();
    return { ...card, reviewId: id, authorization };
  }

  const cardStatus = async (cardId: string) => (await db().selectFrom("cards").select("status").where("id", "=", cardId).executeTakeFirstOrThrow()).status;

  it("lists open cases oldest first with their age, signals in words and the customer's answer", async () => {
    const newer = await openCase("high_risk", new Date(NOW.getTime() - HOUR));
    const older = await openCase("customer_denied", new Date(NOW.getTime() - 26 * HOUR));
    const queue = await reviewQueue();
    expect(queue.map((item) => item.id)).toEqual([older.reviewId, newer.reviewId]);
    expect(queue[0]).toMatchObject({ ageMs: 26 * HOUR, kindWords: "Customer said a payment wasn't them", payment: { signals: ["First payment in Brazil"], customerAnswer: "The customer said this wasn't them" } });
    expect(queue[1]).toMatchObject({ kindWords: "High-risk payment declined", payment: { customerAnswer: null } });
  });

  it("assigns to one person; only they (or nobody yet) may close it", async () => {
    const item = await openCase("high_risk", NOW);
    const [sam, kim] = [await staff("support"), await staff("supervisor")];
    await assignToMe(sam, item.reviewId);
    expect(await refusalOf(assignToMe(kim, item.reviewId))).toBe("conflict");
    expect(await refusalOf(resolveCase(kim, item.reviewId, { outcome: "fraud", note: "" }))).toBe("conflict");
    expect(await cardStatus(item.cardId)).toBe("active");
    expect((await db().selectFrom("audit_log").select("details").where("action", "=", "staff.refused").where("actor_id", "=", kim.id).execute()).length).toBe(2);
    await resolveCase(sam, item.reviewId, { outcome: "fraud", note: "Card details sold online" });
    expect(await refusalOf(resolveCase(sam, item.reviewId, { outcome: "fraud", note: "" }))).toBe("conflict");
    expect(await refusalOf(assignToMe(sam, crypto.randomUUID()))).toBe("not_found");
  });

  it("fraud freezes the card; the customer's timeline and card page say the case is closed", async () => {
    const item = await openCase("customer_denied", NOW);
    expect((await casesForCard(item.userId, item.cardId))[0]).toMatchObject({ open: true, words: expect.stringContaining("Open: our fraud team is looking into it") });
    const sam = await staff("support");
    await resolveCase(sam, item.reviewId, { outcome: "fraud", note: "" });
    expect(await cardStatus(item.cardId)).toBe("frozen");
    expect((await securityTimeline(item.userId))[0]!.label).toBe("Strongroom's fraud team confirmed fraud on your card ending 4242 and froze it");
    expect(await casesForCard(item.userId, item.cardId)).toEqual([expect.objectContaining({ open: false, merchantName: "Rio Electronics", words: expect.stringContaining("confirmed this payment was fraud") })]);
    const stranger = await customerWithCard();
    expect(await casesForCard(stranger.userId, item.cardId)).toEqual([]);
    // A closed case's payment no longer asks "was this you?".
    const declined = await openCase("high_risk", NOW);
    const before = await cardPage(declined.userId, declined.cardId);
    expect(before!.authorizations.find((payment) => payment.id === declined.authorization)!.canAnswer).toBe(true);
    await resolveCase(sam, declined.reviewId, { outcome: "fraud", note: "" });
    const after = await cardPage(declined.userId, declined.cardId);
    expect(after!.authorizations.find((payment) => payment.id === declined.authorization)!.canAnswer).toBe(false);
  });

  it("genuine lets that merchant through on that card for the chosen days, and leaves the card as it was", async () => {
    const item = await openCase("high_risk", NOW);
    const sam = await staff("support");
    await resolveCase(sam, item.reviewId, { outcome: "legitimate", note: "", allowDays: 7 });
    const allowance = await db().selectFrom("risk_allowances").selectAll().where("card_id", "=", item.cardId).executeTakeFirstOrThrow();
    expect(allowance).toMatchObject({ merchant_id: "m-rio", country: "BR", until: new Date(NOW.getTime() + 7 * 24 * HOUR).toISOString(), authorization_id: item.authorization });
    expect(await cardStatus(item.cardId)).toBe("active");
    expect((await securityTimeline(item.userId))[0]!.label).toContain("was genuine and will let Rio Electronics through");
  });

  describe("routes", () => {
    const call = routeHarness({ "routes/staff.reviews._index": queueRoute, "routes/staff.reviews.$reviewId": caseRoute, "routes/cards.$cardId": cardRoute });

    it("support and supervisors get in; customers, editors and admins get 403; unknown ids 404; bad input 422", async () => {
      const item = await openCase("high_risk", NOW);
      for (const role of ["support", "supervisor"] as const) {
        const who = await signIn((await staff(role)).id);
        expect((await call("routes/staff.reviews._index", "loader", getRequest(who, "/staff/reviews"), {})).status).toBe(200);
        expect((await call("routes/staff.reviews.$reviewId", "loader", getRequest(who, `/staff/reviews/${item.reviewId}`), { reviewId: item.reviewId })).status).toBe(200);
        expect((await call("routes/staff.reviews.$reviewId", "loader", getRequest(who, "/staff/reviews/x"), { reviewId: crypto.randomUUID() })).status).toBe(404);
      }
      for (const role of ["customer", "editor", "admin"] as const) {
        const who = await signIn((await staff(role)).id);
        expect((await call("routes/staff.reviews._index", "loader", getRequest(who, "/staff/reviews"), {})).status).toBe(403);
        const post = postRequest(who, `/staff/reviews/${item.reviewId}`, { intent: "resolve", outcome: "fraud" });
        expect((await call("routes/staff.reviews.$reviewId", "action", post, { reviewId: item.reviewId })).status).toBe(403);
      }
      expect(await cardStatus(item.cardId)).toBe("active");
      const sam = await signIn((await staff("support")).id);
      const missingDays = await call("routes/staff.reviews.$reviewId", "action", postRequest(sam, `/staff/reviews/${item.reviewId}`, { intent: "resolve", outcome: "legitimate" }), { reviewId: item.reviewId });
      expect(missingDays.status).toBe(422);
      expect(JSON.stringify(missingDays.body)).toContain("Say for how many days");
      const done = await call("routes/staff.reviews.$reviewId", "action", postRequest(sam, `/staff/reviews/${item.reviewId}`, { intent: "resolve", outcome: "fraud" }), { reviewId: item.reviewId });
      expect(done).toMatchObject({ status: 302, location: "/staff/reviews?notice=fraud" });
      expect(await cardStatus(item.cardId)).toBe("frozen");
    });

    it("the customer's card page shows their case; another customer's card is 404", async () => {
      const item = await openCase("customer_denied", NOW);
      const holder = await signIn(item.userId);
      const page = await call("routes/cards.$cardId", "loader", getRequest(holder, `/cards/${item.cardId}`), { cardId: item.cardId });
      expect((page.body as { cases: unknown[] }).cases).toHaveLength(1);
      const stranger = await customerWithCard();
      expect((await call("routes/cards.$cardId", "loader", getRequest(await signIn(stranger.userId), `/cards/${item.cardId}`), { cardId: item.cardId })).status).toBe(404);
    });
  });
});
