import { securityTimeline } from "../../app/audit/security-timeline.server";
import { resetClock, setClock } from "../../app/clock.server";
import { cancelPendingChange, changeCardSettings, setCardFrozen, type Actor } from "../../app/controls/change-controls.server";
import { addTrip } from "../../app/controls/trips.server";
import { db } from "../../app/db.server";
import { customerWithCard } from "../support/banking-fixtures";
import { confirmEverything, mustNotAsk } from "../support/confirmations";
import { testEngines, useFreshDatabase } from "../support/test-database";

const actorOf = (customerId: string): Actor => ({ customerId, role: "customer", ip: "203.0.113.7", userAgent: "Vitest" });

describe.each(testEngines())("the security timeline in a customer's words on %s", (engine) => {
  useFreshDatabase(engine);
  afterEach(() => resetClock());

  it("names the card and what changed, and when a loosening takes effect", async () => {
    setClock(() => new Date("2026-11-30T10:22:00.000Z"));
    const card = await customerWithCard();
    await db().updateTable("cards").set({ name: "Everyday debit", last4: "6160" }).where("id", "=", card.cardId).execute();
    const actor = actorOf(card.userId);

    await changeCardSettings({ actor, cardId: card.cardId, edit: (draft) => void draft.blockedCategories.push("gambling"), confirm: mustNotAsk });
    const { pending } = await changeCardSettings({ actor, cardId: card.cardId, edit: (draft) => void (draft.limits.daily = 4_000_00), confirm: confirmEverything() });
    await cancelPendingChange(actor, card.cardId, pending[0]!.id);
    await setCardFrozen(actor, card.cardId, true);
    await addTrip(actor, card.cardId, { countries: ["ES"], startDate: "2026-12-01", endDate: "2026-12-12" }, confirmEverything());

    const labels = (await securityTimeline(card.userId)).map((entry) => entry.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        "Blocked gambling on Everyday debit ••6160",
        "Asked to set the daily spending limit to £4,000.00 on Everyday debit ••6160 — takes effect 1 Dec 10:22",
        "Cancelled the waiting change to set the daily spending limit to £4,000.00 on Everyday debit ••6160",
        "Froze Everyday debit ••6160",
        "Added a trip to Spain (ES), 1–12 Dec 2026 on Everyday debit ••6160",
      ]),
    );
    expect(labels.join("\n")).not.toMatch(/card controls|Tightened|undefined/);
  });

  it("never names another customer's card", async () => {
    const mine = await customerWithCard();
    const theirs = await customerWithCard();
    await db().updateTable("cards").set({ name: "Secret card" }).where("id", "=", theirs.cardId).execute();
    await changeCardSettings({ actor: actorOf(mine.userId), cardId: mine.cardId, edit: (draft) => void draft.blockedCategories.push("gambling"), confirm: mustNotAsk });
    await changeCardSettings({ actor: actorOf(theirs.userId), cardId: theirs.cardId, edit: (draft) => void draft.blockedCategories.push("gambling"), confirm: mustNotAsk });
    const labels = (await securityTimeline(mine.userId)).map((entry) => entry.label);
    expect(labels).toEqual(["Blocked gambling on Test card ••4242"]);
  });
});
