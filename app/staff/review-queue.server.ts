import crypto from "node:crypto";
import type { ReviewItemsTable } from "../../db/schema";
import { now } from "~/clock.server";
import { lockCardForUpdate } from "~/cards/card-lock.server";
import { db, inWriteTransaction, lockRowsSupported, type Db } from "~/db.server";
import { DomainError } from "~/errors/domain-error";
import { ANSWER_WORDS, REVIEW_KIND_WORDS, signalWords } from "~/risk/review-words";
import { auditedStaffAction, auditStaffAction, type StaffActor } from "./staff-actor.server";

export const MAX_ALLOW_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReviewCase {
  id: string;
  kind: string;
  kindWords: string;
  status: ReviewItemsTable["status"];
  resolution: ReviewItemsTable["resolution"];
  openedAt: string;
  ageMs: number;
  customerId: string;
  customerName: string;
  cardLast4: string;
  cardStatus: string;
  assignedToId: string | null;
  assignedToName: string | null;
  payment: {
    merchantName: string;
    amountMinor: number;
    currency: string;
    country: string;
    channel: string;
    at: string;
    riskLevel: string;
    signals: string[];
    customerAnswer: string | null;
  } | null;
  note: string | null;
}

function caseQuery(trx: Db) {
  return trx
    .selectFrom("review_items")
    .innerJoin("cards", "cards.id", "review_items.card_id")
    .innerJoin("users as customer", "customer.id", "review_items.customer_id")
    .leftJoin("users as assignee", "assignee.id", "review_items.assigned_to")
    .leftJoin("authorizations", "authorizations.id", "review_items.authorization_id")
    // A review item is a short row; every column of it is wanted here or on the case page.
    .selectAll("review_items")
    .select([
      "customer.display_name as customer_name",
      "assignee.display_name as assignee_name",
      "cards.last4",
      "cards.status as card_status",
      "authorizations.merchant_name",
      "authorizations.amount_minor",
      "authorizations.currency",
      "authorizations.country",
      "authorizations.channel",
      "authorizations.created_at as payment_at",
      "authorizations.risk_level",
      "authorizations.risk_signals",
      "authorizations.customer_response",
    ]);
}

type CaseRow = Awaited<ReturnType<ReturnType<typeof caseQuery>["execute"]>>[number];

function toCase(row: CaseRow, at: Date): ReviewCase {
  return {
    id: row.id,
    kind: row.kind,
    kindWords: REVIEW_KIND_WORDS[row.kind] ?? row.kind,
    status: row.status,
    resolution: row.resolution,
    openedAt: row.opened_at,
    ageMs: at.getTime() - Date.parse(row.opened_at),
    customerId: row.customer_id,
    customerName: row.customer_name,
    cardLast4: row.last4,
    cardStatus: row.card_status,
    assignedToId: row.assigned_to,
    assignedToName: row.assignee_name,
    payment:
      row.merchant_name === null
        ? null
        : {
            merchantName: row.merchant_name,
            amountMinor: Number(row.amount_minor),
            currency: row.currency ?? "GBP",
            country: row.country ?? "",
            channel: row.channel ?? "",
            at: row.payment_at ?? row.opened_at,
            riskLevel: row.risk_level ?? "",
            signals: signalWords(row.risk_signals ?? "[]"),
            customerAnswer: row.customer_response ? (ANSWER_WORDS[row.customer_response] ?? null) : null,
          },
    note: row.note,
  };
}

/** Open cases, oldest first: the one that has waited longest is at the top. */
export async function reviewQueue(): Promise<ReviewCase[]> {
  const at = now();
  const rows = await caseQuery(db()).where("review_items.status", "=", "open").orderBy("review_items.opened_at", "asc").orderBy("review_items.id", "asc").limit(200).execute();
  return rows.map((row) => toCase(row, at));
}

export async function reviewCase(id: string, trx: Db = db()): Promise<ReviewCase> {
  const row = await caseQuery(trx).where("review_items.id", "=", id).executeTakeFirst();
  if (!row) throw new DomainError("not_found", "There is no such case.");
  return toCase(row, now());
}

/** The customer a case is about, for the refusal's audit row (the id as typed when there is none). */
async function caseCustomer(id: string): Promise<string> {
  const row = await db().selectFrom("review_items").select("customer_id").where("id", "=", id).executeTakeFirst();
  return row?.customer_id ?? id.slice(0, 64);
}

/** Takes an open case nobody else holds. */
export async function assignToMe(actor: StaffActor, id: string): Promise<void> {
  return auditedStaffAction(actor, "review.assigned", await caseCustomer(id), () =>
    inWriteTransaction(async (trx) => {
      const found = await reviewCase(id, trx);
      const result = await trx
        .updateTable("review_items")
        .set({ assigned_to: actor.id, assigned_at: now().toISOString() })
        .where("id", "=", id)
        .where("status", "=", "open")
        .where((eb) => eb.or([eb("assigned_to", "is", null), eb("assigned_to", "=", actor.id)]))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new DomainError("conflict", found.status === "open" ? `${found.assignedToName ?? "Someone"} already has this case.` : "This case is already closed.");
      await auditStaffAction(actor, "review.assigned", found.customerId, { review: id }, trx);
    }),
  );
}

export type Resolution = { outcome: "fraud"; note: string } | { outcome: "legitimate"; note: string; allowDays: number };

/**
 * Closes an open case that is unassigned or assigned to this person. Fraud freezes the card
 * (if it is not frozen already); legitimate lets that merchant through on that card for the
 * chosen days. The customer's timeline and card page say which, from the same transaction.
 */
export async function resolveCase(actor: StaffActor, id: string, resolution: Resolution): Promise<void> {
  return auditedStaffAction(actor, `review.resolved_${resolution.outcome}`, await caseCustomer(id), () =>
    inWriteTransaction(async (trx) => {
      const item = await trx
        .selectFrom("review_items")
        .selectAll()
        .where("id", "=", id)
        .$if(lockRowsSupported(), (q) => q.forUpdate())
        .executeTakeFirst();
      if (!item) throw new DomainError("not_found", "There is no such case.");
      const at = now();
      const closed = await trx
        .updateTable("review_items")
        .set({ status: "resolved", resolution: resolution.outcome, resolved_by: actor.id, resolved_at: at.toISOString(), note: resolution.note.trim() || null })
        .where("id", "=", id)
        .where("status", "=", "open")
        .where((eb) => eb.or([eb("assigned_to", "is", null), eb("assigned_to", "=", actor.id)]))
        .executeTakeFirst();
      if (Number(closed.numUpdatedRows) !== 1) throw new DomainError("conflict", item.status === "open" ? "Someone else has this case. Ask them, or have it assigned to you." : "This case is already closed.");
      // Locked like every other change to a card, so a freeze from the customer page cannot interleave.
      const card = await lockCardForUpdate(trx, { id: item.card_id, customerId: item.customer_id }).select(["id", "status", "last4"]).executeTakeFirstOrThrow();
      if (resolution.outcome === "fraud") {
        const froze = card.status === "active";
        if (froze) await trx.updateTable("cards").set({ status: "frozen" }).where("id", "=", card.id).execute();
        await auditStaffAction(actor, "review.resolved_fraud", item.customer_id, { review: id, card: card.id, last4: card.last4, froze }, trx);
        return;
      }
      const payment = item.authorization_id
        ? await trx.selectFrom("authorizations").select(["id", "country", "merchant_id", "merchant_name"]).where("id", "=", item.authorization_id).where("card_id", "=", card.id).executeTakeFirst()
        : undefined;
      if (!payment) throw new DomainError("conflict", "This case has no payment to allow; close it as fraud or leave it open.");
      const until = new Date(at.getTime() + resolution.allowDays * DAY_MS).toISOString();
      await trx
        .insertInto("risk_allowances")
        .values({ id: crypto.randomUUID(), card_id: card.id, country: payment.country, merchant_id: payment.merchant_id, until, authorization_id: payment.id, created_at: at.toISOString() })
        .execute();
      await auditStaffAction(actor, "review.resolved_legitimate", item.customer_id, { review: id, card: card.id, last4: card.last4, merchant: payment.merchant_name, until }, trx);
    }),
  );
}
