import crypto from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import { enforceRoutePolicies } from "../../app/access/enforce-route-policies.server";
import { routePolicies } from "../../app/access/route-policies";
import { securityTimeline } from "../../app/audit/security-timeline.server";
import { resetClock, setClock } from "../../app/clock.server";
import { db } from "../../app/db.server";
import { appendAudit } from "../../app/audit/audit-log.server";
import type { Change, ConfirmChange, ConfirmedChange } from "../../app/auth/change-confirmation.server";
import { DomainError } from "../../app/errors/domain-error";
import { setCardFrozenForCustomer, signCustomerOutEverywhere } from "../../app/staff/customer-actions.server";
import { customerOverview } from "../../app/staff/customer-overview.server";
import { revealField } from "../../app/staff/reveal.server";
import type { StaffActor } from "../../app/staff/staff-actor.server";
import { activeCall, CALL_MAX_MS, endCall, startCall } from "../../app/staff/verified-calls.server";
import { permissionsFor } from "../../app/access/permissions";
import { startSignedInSession } from "../../app/session/session.server";
import { searchCustomers, searchKey, type SearchKind } from "../../app/users/customer-search.server";
import { backfillPhoneIndex } from "../../app/users/phone-index.server";
import { createUser } from "../../app/users/users.server";
import * as customerRoute from "../../app/routes/staff.customers.$customerId";
import * as revealRoute from "../../app/routes/staff.customers.$customerId_.reveal";
import * as searchRoute from "../../app/routes/staff._index";
import { customerWithCard } from "../support/banking-fixtures";
import { requestContext, requestWithCookie } from "../support/request-context";
import { testEngines, useFreshDatabase } from "../support/test-database";
import { refusalOf } from "../support/staff-fixtures";

/**
 * Stand-ins for the passkey ceremony (tested in change-confirmation's own tests and the staff
 * e2e): one that asks, one that confirms whatever it is shown, one that confirmed another change.
 */
const refuseConfirmation: ConfirmChange = async (change) => {
  throw new DomainError("confirmation_required", change.words);
};

function confirmed(change: Change, covers: (other: Change) => boolean): ConfirmedChange {
  return {
    change,
    covers,
    record: async (trx) => {
      await appendAudit({ actorId: null, actorRole: null, action: "test.confirmed", details: { kind: change.kind } }, trx);
    },
  };
}

const confirmEverything =
  (seen: Change[] = []): ConfirmChange =>
  async (change) => {
    seen.push(change);
    return confirmed(change, (other) => JSON.stringify(other) === JSON.stringify(change));
  };

const confirmOnly =
  (facts: { kind: string; field: string }): ConfirmChange =>
  async (change) =>
    confirmed(change, (other) => other.kind === facts.kind && other.facts.field === facts.field);

async function statusOf(work: unknown): Promise<number> {
  try {
    const value = await work;
    return value instanceof Response ? value.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe.each(testEngines())("staff console on %s", (engine) => {
  useFreshDatabase(engine);
  afterEach(() => resetClock());

  async function staffMember(displayName = "Sam Patel") {
    const userId = await createUser({ displayName, email: `${crypto.randomUUID()}@example.com`, roles: ["support"] });
    const context = requestContext();
    const session = await startSignedInSession(new Request("http://localhost:3000/"), context, userId);
    const actor: StaffActor = { id: userId, displayName, role: "support", sessionId: session.id, permissions: permissionsFor(["support"]), ip: "198.51.100.4", userAgent: "Vitest" };
    return { actor, cookie: context.cookies.at(-1), csrf: session.csrfToken };
  }

  async function customer(name = "Zoë Ångström", phone: string | null = "+44 7700 900555") {
    const email = `${crypto.randomUUID()}@Example.com`;
    const userId = await createUser({ displayName: name, email, phone: phone ?? undefined, roles: ["customer"] });
    return { userId, email };
  }

  const find = async (kind: SearchKind, query: string) => {
    const key = searchKey(kind, query);
    return key === null ? null : searchCustomers(kind, key);
  };

  describe("search", () => {
    it("finds customers by folded name prefix, exact email and phone by blind index, card and number — masked", async () => {
      const zoe = await customer(`Zoë Ångström ${crypto.randomUUID().slice(0, 6)}`);
      const [row] = await db().selectFrom("users").select(["name_search", "customer_number"]).where("id", "=", zoe.userId).execute();
      const surname = row!.name_search!.split(" ")[1]!;
      expect((await find("name", "ZOË"))!.map((m) => m.id)).toContain(zoe.userId);
      expect((await find("name", surname.toUpperCase().replace("A", "Å")))!.map((m) => m.id)).toContain(zoe.userId);
      expect(await find("name", "z")).toBeNull();
      expect((await find("email", zoe.email.toLowerCase()))!.map((m) => m.id)).toEqual([zoe.userId]);
      expect(await find("email", "not-an-address")).toBeNull();
      const byPhone = await find("phone", "07700 900555");
      expect(byPhone!.map((m) => m.id)).toContain(zoe.userId);
      const match = byPhone!.find((m) => m.id === zoe.userId)!;
      expect(match.phone).toBe("+44 •••• ••• 555");
      expect(match.email).toMatch(/^[a-f0-9]•••@Example\.com$/);
      expect(JSON.stringify(byPhone)).not.toContain("900555");
      expect(JSON.stringify(byPhone)).not.toContain(zoe.email);
      expect((await find("number", `${row!.customer_number!.slice(0, 4)} ${row!.customer_number!.slice(4)}`))!.map((m) => m.id)).toEqual([zoe.userId]);
      const card = await customerWithCard();
      expect((await find("card", "4242"))!.map((m) => m.id)).toContain(card.userId);
    });

    it("never returns staff", async () => {
      const { actor } = await staffMember("Zoltan Staff");
      expect((await find("name", "zoltan"))!.map((m) => m.id)).not.toContain(actor.id);
    });

    it("audits the kind of key and the count, never what was typed (through the route)", async () => {
      const zoe = await customer();
      const staff = await staffMember();
      const build = enforceRoutePolicies({ routes: { "routes/staff._index": { id: "routes/staff._index", path: "staff", module: searchRoute } } } as unknown as ServerBuild, routePolicies, { production: true, log: () => undefined });
      const post = (fields: Record<string, string>) =>
        (build.routes["routes/staff._index"]!.module.action as (args: unknown) => Promise<unknown>)({
          request: requestWithCookie(staff.cookie, {
            method: "POST",
            url: "http://localhost:3000/staff",
            body: new URLSearchParams({ _csrf: staff.csrf, ...fields }),
            headers: { Origin: "http://localhost:3000", "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
          }),
          context: requestContext(),
          params: {},
        });
      const answer = (await post({ by: "email", q: zoe.email })) as { data: { matches: { id: string }[] } };
      expect(answer.data.matches.map((m) => m.id)).toEqual([zoe.userId]);
      const invalid = (await post({ by: "phone", q: "12" })) as { init: { status: number }; data: { reply: { error: Record<string, string[]> } } };
      expect(invalid.init.status).toBe(422);
      expect(invalid.data.reply.error.q?.[0]).toContain("full phone number");
      const audit = await db().selectFrom("audit_log").select(["details", "subject_id"]).where("action", "=", "staff.customer_search").where("actor_id", "=", staff.actor.id).execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.details)).toEqual({ by: "email", results: 1 });
      expect(audit[0]!.details).not.toContain(zoe.email.split("@")[0]!);
    });

    it("backfills the phone index for rows written before it existed", async () => {
      const zoe = await customer("Old Row", "+44 7700 900777");
      await db().updateTable("users").set({ phone_bidx: null }).where("id", "=", zoe.userId).execute();
      expect((await find("phone", "+447700900777"))!.map((m) => m.id)).not.toContain(zoe.userId);
      expect(await backfillPhoneIndex()).toBeGreaterThanOrEqual(1);
      expect(await backfillPhoneIndex()).toBe(0);
      expect((await find("phone", "07700 900777"))!.map((m) => m.id)).toEqual([zoe.userId]);
    });
  });

  describe("reveal", () => {
    it("asks for a passkey bound to this reveal, then shows the value once, audited in the same transaction, and tells the customer", async () => {
      const zoe = await customer();
      const { actor } = await staffMember();
      const request = { customerId: zoe.userId, field: "phone" as const, reason: "payment_query" as const, note: "" };

      // No confirmation yet: nothing decrypted, nothing revealed on record, no "refused" noise.
      expect(await refusalOf(revealField(actor, request, refuseConfirmation))).toBe("confirmation_required");
      expect(await db().selectFrom("audit_log").select("seq").where("action", "in", ["pii.revealed", "staff.refused"]).where("actor_id", "=", actor.id).execute()).toHaveLength(0);

      const asked: Change[] = [];
      const revealed = await revealField(actor, request, confirmEverything(asked));
      expect(revealed.value).toBe("+44 7700 900555");
      // The passkey confirms the customer, the field and the reason; the words never carry the value.
      expect(asked[0]).toMatchObject({ kind: "pii.reveal", facts: { customer: zoe.userId, field: "phone", reason: "payment_query" } });
      expect(asked[0]!.words).toContain("phone number of Zoë Ångström");
      expect(asked[0]!.words).toContain("reason: customer called about a payment");
      expect(asked[0]!.words).not.toContain("900555");

      const [timelineEntry] = await securityTimeline(zoe.userId);
      expect(timelineEntry!.label).toBe("A Strongroom staff member viewed your phone number — reason: customer called about a payment");
      expect(timelineEntry!.ip).toBeNull();
      const [ownEntry] = await securityTimeline(actor.id);
      expect(ownEntry!.label).toBe("Viewed a customer's phone number — reason: customer called about a payment");
      const audit = await db().selectFrom("audit_log").select(["details", "action"]).where("action", "in", ["pii.revealed", "test.confirmed"]).execute();
      expect(audit.map((row) => row.action).sort()).toEqual(["pii.revealed", "test.confirmed"]);
      expect(audit.map((row) => row.details).join("")).not.toContain("900555");
    });

    it("refuses a confirmation that was for another reveal", async () => {
      const zoe = await customer();
      const { actor } = await staffMember();
      const confirmedEmail = confirmOnly({ kind: "pii.reveal", field: "email" });
      expect(await refusalOf(revealField(actor, { customerId: zoe.userId, field: "phone", reason: "payment_query", note: "" }, confirmedEmail))).toBe("conflict");
      expect(await db().selectFrom("audit_log").select("seq").where("action", "=", "pii.revealed").where("subject_id", "=", zoe.userId).execute()).toHaveLength(0);
      const refused = await db().selectFrom("audit_log").select("details").where("action", "=", "staff.refused").where("actor_id", "=", actor.id).execute();
      expect(JSON.parse(refused.at(-1)!.details)).toMatchObject({ attempted: "pii.revealed", code: "conflict" });
    });

    it("knows no such customer for an unknown id or a staff member's id (IDOR)", async () => {
      const { actor } = await staffMember();
      const other = await staffMember("Another Staff");
      expect(await refusalOf(revealField(actor, { customerId: crypto.randomUUID(), field: "email", reason: "payment_query", note: "" }, confirmEverything()))).toBe("not_found");
      expect(await refusalOf(revealField(actor, { customerId: other.actor.id, field: "email", reason: "payment_query", note: "" }, confirmEverything()))).toBe("not_found");
      const noPhone = await customer("No Phone", null);
      expect(await refusalOf(revealField(actor, { customerId: noPhone.userId, field: "phone", reason: "payment_query", note: "" }, confirmEverything()))).toBe("not_found");
    });
  });

  describe("verified calls", () => {
    it("starts, shows to the customer, refuses a second agent, ends, and is on the timeline", async () => {
      const zoe = await customer();
      const sam = await staffMember("Sam Patel");
      const grace = await staffMember("Grace Lindqvist");
      expect(await activeCall(zoe.userId)).toBeNull();
      await startCall(sam.actor, zoe.userId);
      expect(await activeCall(zoe.userId)).toMatchObject({ staffName: "Sam", staffId: sam.actor.id });
      expect(await refusalOf(startCall(grace.actor, zoe.userId))).toBe("conflict");
      await endCall(sam.actor, zoe.userId);
      expect(await activeCall(zoe.userId)).toBeNull();
      expect(await refusalOf(endCall(sam.actor, zoe.userId))).toBe("conflict");
      const labels = (await securityTimeline(zoe.userId)).map((entry) => entry.label);
      expect(labels).toEqual(expect.arrayContaining(["Sam from Strongroom support started a verified call with you", "The verified call with Strongroom support ended"]));
    });

    it("stops showing after 60 minutes even if nobody ends it", async () => {
      const zoe = await customer();
      const { actor } = await staffMember();
      const start = new Date("2026-11-30T10:02:00.000Z");
      setClock(() => start);
      await startCall(actor, zoe.userId);
      setClock(() => new Date(start.getTime() + CALL_MAX_MS - 1000));
      expect(await activeCall(zoe.userId)).not.toBeNull();
      setClock(() => new Date(start.getTime() + CALL_MAX_MS));
      expect(await activeCall(zoe.userId)).toBeNull();
    });
  });

  describe("card and session actions", () => {
    it("freezes and unfreezes a customer's card, audited on their timeline; another customer's card is not found", async () => {
      const holder = await customerWithCard();
      const stranger = await customerWithCard();
      const { actor } = await staffMember();
      expect(await setCardFrozenForCustomer(actor, holder.userId, holder.cardId, true)).toBe("changed");
      expect(await setCardFrozenForCustomer(actor, holder.userId, holder.cardId, true)).toBe("unchanged");
      expect((await db().selectFrom("cards").select("status").where("id", "=", holder.cardId).executeTakeFirstOrThrow()).status).toBe("frozen");
      expect((await securityTimeline(holder.userId))[0]!.label).toBe("Strongroom support froze your card ending 4242");
      expect(await refusalOf(setCardFrozenForCustomer(actor, holder.userId, stranger.cardId, true))).toBe("not_found");
      expect((await db().selectFrom("cards").select("status").where("id", "=", stranger.cardId).executeTakeFirstOrThrow()).status).toBe("active");
      await db().updateTable("cards").set({ status: "cancelled" }).where("id", "=", holder.cardId).execute();
      expect(await refusalOf(setCardFrozenForCustomer(actor, holder.userId, holder.cardId, false))).toBe("conflict");
    });

    it("signs a customer out everywhere in the same transaction as its audit row", async () => {
      const zoe = await customer();
      for (let i = 0; i < 2; i += 1) await startSignedInSession(new Request("http://localhost:3000/"), requestContext(), zoe.userId);
      const { actor } = await staffMember();
      expect(await signCustomerOutEverywhere(actor, zoe.userId)).toBe(2);
      expect(await db().selectFrom("sessions").select("id").where("user_id", "=", zoe.userId).where("revoked_at", "is", null).execute()).toHaveLength(0);
      expect((await securityTimeline(zoe.userId))[0]!.label).toBe("Strongroom support signed you out on every device");
    });

    it("shows the customer page masked, with the controls in force", async () => {
      const holder = await customerWithCard();
      const { actor } = await staffMember();
      const overview = await customerOverview(actor, holder.userId);
      expect(await db().selectFrom("audit_log").select("seq").where("action", "=", "staff.customer_viewed").where("actor_id", "=", actor.id).where("subject_id", "=", holder.userId).execute()).toHaveLength(1);
      expect(await refusalOf(customerOverview(actor, crypto.randomUUID()))).toBe("not_found");
      expect(await db().selectFrom("audit_log").select("seq").where("action", "=", "staff.refused").where("actor_id", "=", actor.id).execute()).toHaveLength(1);
      expect(overview.cards[0]!.number).toBe("•••• 4242");
      expect(overview.cards[0]!.controls).toEqual(expect.arrayContaining(["Any single payment: £5,000.00"]));
      expect(overview.profile.email).toMatch(/•••@example\.com$/);
    });
  });

  describe("routes (IDOR)", () => {
    const routes = {
      "routes/staff.customers.$customerId": { id: "routes/staff.customers.$customerId", path: "x", module: customerRoute },
      "routes/staff.customers.$customerId_.reveal": { id: "routes/staff.customers.$customerId_.reveal", path: "y", module: revealRoute },
    };
    const build = () => enforceRoutePolicies({ routes } as unknown as ServerBuild, routePolicies, { production: true, log: () => undefined });
    const load = (id: keyof typeof routes, cookie: string | undefined, customerId: string) =>
      (build().routes[id]!.module.loader as (args: unknown) => Promise<unknown>)({ request: requestWithCookie(cookie, { url: `http://localhost:3000/staff/customers/${customerId}` }), context: requestContext(), params: { customerId } });

    it("answers 404 for an unknown id, a staff member's id, and another customer's card", async () => {
      const staff = await staffMember();
      const holder = await customerWithCard();
      const stranger = await customerWithCard();
      for (const id of ["routes/staff.customers.$customerId", "routes/staff.customers.$customerId_.reveal"] as const) {
        expect(await statusOf(load(id, staff.cookie, holder.userId))).toBe(200);
        expect(await statusOf(load(id, staff.cookie, crypto.randomUUID()))).toBe(404);
        expect(await statusOf(load(id, staff.cookie, staff.actor.id))).toBe(404);
      }
      const freeze = (card: string) =>
        (build().routes["routes/staff.customers.$customerId"]!.module.action as (args: unknown) => Promise<unknown>)({
          request: requestWithCookie(staff.cookie, {
            method: "POST",
            url: `http://localhost:3000/staff/customers/${holder.userId}`,
            body: new URLSearchParams({ _csrf: staff.csrf, intent: "freeze", card }),
            headers: { Origin: "http://localhost:3000", "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
          }),
          context: requestContext(),
          params: { customerId: holder.userId },
        });
      expect(await statusOf(freeze(stranger.cardId))).toBe(404);
      expect(await statusOf(freeze(holder.cardId))).toBe(200);
    });
  });
});
