import crypto from "node:crypto";
import type { CardRow } from "../../db/schema";
import type { ConfirmChange, ConfirmedChange } from "~/auth/change-confirmation.server";
import { appendAudit } from "~/audit/audit-log.server";
import { now as clockNow } from "~/clock.server";
import { refusalFamily } from "~/errors/domain-error";
import { lockCardForUpdate, selectCard } from "~/cards/card-lock.server";
import { db, inWriteTransaction, type Db } from "~/db.server";
import { isSupportedCurrency, type CurrencyCode } from "~/money/currencies";
import { applyOps, effectiveSettings, parseCardSettings, planChange, type CardSettings, type SettingsOp } from "./card-settings";
import { currentSettings, pendingChanges } from "./card-controls.server";
import { cardLabel, describeChange } from "./control-labels";
import { looseningChange } from "./loosening-words.server";

/** Who is changing a card, for ownership (customer id) and the audit row. */
export interface Actor {
  customerId: string;
  role: string | null;
  ip: string | null;
  userAgent: string | null;
}

export type ControlsErrorCode = "not_found" | "card_not_usable" | "changed_meanwhile";

/** A controls refusal (not_found → 404, the others → 409); `reason` says which. */
export const ControlsError = refusalFamily<ControlsErrorCode>("ControlsError", {
  not_found: { code: "not_found", message: "We couldn't find that card or change." },
  card_not_usable: { code: "conflict", message: "This card is cancelled or expired, so it can't be frozen or unfrozen." },
  changed_meanwhile: { code: "conflict", message: "Your card changed while you were editing. Please check the page and try again." },
});

export type SettingsEdit = (draft: CardSettings) => void;

export interface PendingSummary {
  id: string;
  summary: string;
  effectiveAt: string;
}

export interface SettingsChangeOutcome {
  /** what took effect at once, in words */
  applied: string[];
  /** loosening that waits, one entry per delay */
  pending: PendingSummary[];
}

export const LOOSEN_APPROVAL_KIND = "controls.loosen";

const opKey = (op: SettingsOp) => JSON.stringify([op.op, op.path, op.value]);

/** The customer's own card, locked (see lockCardForUpdate); someone else's card is not found. */
export async function lockOwnedCard(trx: Db, customerId: string, cardId: string): Promise<CardRow> {
  const card = await lockCardForUpdate(trx, { id: cardId, customerId }).selectAll().executeTakeFirst();
  if (!card) throw new ControlsError("not_found");
  return card;
}

/** Runs `work` in one write transaction that holds the customer's own card locked throughout. */
export function withOwnCardLocked<T>(actor: Pick<Actor, "customerId">, cardId: string, work: (trx: Db, card: CardRow) => Promise<T>): Promise<T> {
  return inWriteTransaction(async (trx) => work(trx, await lockOwnedCard(trx, actor.customerId, cardId)));
}

async function cardCurrency(trx: Db, card: CardRow): Promise<CurrencyCode> {
  const account = await trx.selectFrom("accounts").select("currency").where("id", "=", card.account_id).executeTakeFirstOrThrow();
  return isSupportedCurrency(account.currency) ? account.currency : "GBP";
}

/**
 * The settings in force now, with every matured pending change folded into the stored
 * document and marked applied. Without the fold, a change that matured but still sits in
 * the pending list would be re-applied on every read, on top of anything the customer
 * tightened since.
 */
async function foldMaturedChanges(trx: Db, card: CardRow, at: Date): Promise<{ settings: CardSettings; applied: string[] }> {
  const matured = (await pendingChanges(trx, card.id)).filter((change) => Date.parse(change.effectiveAt) <= at.getTime());
  const stored = parseCardSettings(card.settings);
  if (matured.length === 0) return { settings: stored, applied: [] };
  const settings = effectiveSettings(stored, matured.map((change) => ({ ops: change.ops, effectiveAt: new Date(change.effectiveAt) })), at);
  const applied = matured.map((change) => change.id);
  await trx.updateTable("control_changes").set({ status: "applied" }).where("id", "in", applied).where("status", "=", "pending").execute();
  await trx.updateTable("cards").set({ settings: JSON.stringify(settings) }).where("id", "=", card.id).execute();
  return { settings, applied };
}

/**
 * A value the customer sets now replaces any loosening of the same field still waiting: the
 * latest choice wins, so a raised limit that matures tomorrow cannot undo today's lower one.
 */
async function supersedePending(trx: Db, actor: Actor, cardId: string, immediate: SettingsOp[], at: Date): Promise<void> {
  const paths = new Set(immediate.filter((op) => op.op === "set").map((op) => op.path));
  if (paths.size === 0) return;
  for (const change of await pendingChanges(trx, cardId)) {
    if (Date.parse(change.effectiveAt) <= at.getTime()) continue;
    const kept = change.ops.filter((op) => !(op.op === "set" && paths.has(op.path)));
    if (kept.length === change.ops.length) continue;
    if (kept.length === 0) {
      await cancelChangeRow(trx, change.id, change.approvalId);
    } else {
      await trx.updateTable("control_changes").set({ patch: JSON.stringify(kept) }).where("id", "=", change.id).execute();
    }
    await audit(trx, actor, "controls.change_superseded", cardId, { change: change.id, remaining: kept.length });
  }
}

async function cancelChangeRow(trx: Db, changeId: string, approvalId: string | null): Promise<void> {
  await trx.updateTable("control_changes").set({ status: "cancelled" }).where("id", "=", changeId).execute();
  if (approvalId) await trx.updateTable("approvals").set({ status: "cancelled" }).where("id", "=", approvalId).where("status", "=", "pending").execute();
}

function audit(trx: Db, actor: Actor, action: string, cardId: string, details: Record<string, unknown>) {
  return appendAudit({ actorId: actor.customerId, actorRole: actor.role, action, subjectType: "card", subjectId: cardId, ip: actor.ip, userAgent: actor.userAgent, details }, trx);
}

interface Plan {
  before: CardSettings;
  immediate: SettingsOp[];
  delayed: [number, SettingsOp[]][];
}

async function plan(trx: Db, card: CardRow, before: CardSettings, edit: SettingsEdit, at: Date): Promise<Plan> {
  const after = structuredClone(before);
  edit(after);
  const { immediate, delayed } = planChange(before, after);
  // Asking twice for the same loosening starts no second clock.
  const waiting = new Set(
    (await pendingChanges(trx, card.id)).filter((change) => Date.parse(change.effectiveAt) > at.getTime()).flatMap((change) => change.ops.map(opKey)),
  );
  const fresh = [...delayed.entries()]
    .map(([delay, ops]) => [delay, ops.filter((op) => !waiting.has(opKey(op)))] as [number, SettingsOp[]])
    .filter(([, ops]) => ops.length > 0)
    .sort(([a], [b]) => a - b);
  return { before, immediate, delayed: fresh };
}

/**
 * Changes a card's controls the way the customer edited them. What makes the card harder
 * to use applies at once; what loosens it waits (24 h, 48 h for gambling) as a pending
 * change plus a maker–checker proposal a supervisor may approve sooner, and is first confirmed
 * with a passkey for exactly those values (`confirm`, which throws when the request carried no
 * confirmation of this change).
 */
export async function changeCardSettings(input: { actor: Actor; cardId: string; edit: SettingsEdit; confirm: ConfirmChange }): Promise<SettingsChangeOutcome> {
  const { actor, cardId, edit } = input;
  const at = clockNow();
  const waiting = (decided: Plan) => decided.delayed.flatMap(([, ops]) => ops);

  // Confirm outside the write transaction: asking writes its own audit row, which must not
  // wait on (or deadlock with) our lock.
  const seen = await selectCard(db(), { id: cardId, customerId: actor.customerId }).selectAll().executeTakeFirst();
  if (!seen) throw new ControlsError("not_found");
  const preview = await plan(db(), seen, await currentSettings(db(), seen, at), edit, at);
  let confirmed: ConfirmedChange | null = null;
  if (preview.delayed.length > 0) confirmed = await input.confirm(looseningChange(seen, await cardCurrency(db(), seen), preview.before, waiting(preview)));

  return withOwnCardLocked(actor, cardId, async (trx, card) => {
    const currency = await cardCurrency(trx, card);
    const decided = await plan(trx, card, (await foldMaturedChanges(trx, card, at)).settings, edit, at);
    // The card changed between the confirmation and the lock: never loosen what was not confirmed.
    const loosening = waiting(decided);
    if (loosening.length > 0 && !confirmed?.covers(looseningChange(card, currency, decided.before, loosening))) throw new ControlsError("changed_meanwhile");
    if (loosening.length > 0) await confirmed?.record(trx);

    const applied = decided.immediate.map((op) => describeChange(op, currency, decided.before));
    if (decided.immediate.length > 0) {
      const next = applyOps(decided.before, decided.immediate);
      await trx.updateTable("cards").set({ settings: JSON.stringify(next) }).where("id", "=", card.id).execute();
      await supersedePending(trx, actor, card.id, decided.immediate, at);
      await audit(trx, actor, "controls.changed", card.id, { changes: applied });
    }

    const pending: PendingSummary[] = [];
    for (const [delay, ops] of decided.delayed) {
      const changeId = crypto.randomUUID();
      const approvalId = crypto.randomUUID();
      const effectiveAt = new Date(at.getTime() + delay).toISOString();
      const summary = ops.map((op) => describeChange(op, currency, decided.before)).join("; ");
      await trx
        .insertInto("approvals")
        .values({
          id: approvalId,
          kind: LOOSEN_APPROVAL_KIND,
          subject_type: "card",
          subject_id: card.id,
          payload: JSON.stringify({ changeId, cardId: card.id, ops, effectiveAt }),
          reason: `Customer asked to: ${summary}. Takes effect on its own at ${effectiveAt} unless approved sooner.`,
          status: "pending",
          proposed_by: actor.customerId,
          proposed_at: at.toISOString(),
          decided_by: null,
          decided_at: null,
          decision_comment: null,
          // The change takes effect on its own then: approving it early is moot afterwards.
          expires_at: effectiveAt,
          customer_id: actor.customerId,
          before_words: `Waits until ${effectiveAt}`,
          after_words: `Takes effect now: ${summary}`,
        })
        .execute();
      await trx
        .insertInto("control_changes")
        .values({ id: changeId, card_id: card.id, customer_id: actor.customerId, summary, patch: JSON.stringify(ops), requested_at: at.toISOString(), effective_at: effectiveAt, status: "pending", approval_id: approvalId })
        .execute();
      await audit(trx, actor, "controls.change_requested", card.id, { change: changeId, summary, effectiveAt });
      pending.push({ id: changeId, summary, effectiveAt });
    }
    return { applied, pending };
  });
}

/**
 * Freezing is the customer's safety switch: always at once, no passkey needed. Unfreezing
 * is the customer reversing their own switch, so it also takes effect at once — but only after
 * a passkey confirmation of "unfreeze this card" (`confirm`), so that whoever unfreezes has
 * proved they are the customer, not someone holding an unlocked phone. A waiting period would
 * only keep the real customer from paying once they have found their card.
 */
export async function setCardFrozen(actor: Actor, cardId: string, frozen: true): Promise<"changed" | "unchanged">;
export async function setCardFrozen(actor: Actor, cardId: string, frozen: false, confirm: ConfirmChange): Promise<"changed" | "unchanged">;
export async function setCardFrozen(actor: Actor, cardId: string, frozen: boolean, confirm?: ConfirmChange): Promise<"changed" | "unchanged"> {
  const unfreeze = (card: Pick<CardRow, "id" | "name" | "last4">) => ({ kind: "card.unfreeze", words: `Unfreeze ${cardLabel(card)} so it can pay again`, facts: { card: card.id } });
  let confirmed: ConfirmedChange | null = null;
  if (!frozen) {
    const seen = await selectCard(db(), { id: cardId, customerId: actor.customerId }).select(["id", "name", "last4", "status"]).executeTakeFirst();
    if (!seen) throw new ControlsError("not_found");
    if (seen.status === "active") return "unchanged";
    if (seen.status !== "frozen") throw new ControlsError("card_not_usable");
    if (!confirm) throw new TypeError("unfreezing needs a passkey confirmation");
    confirmed = await confirm(unfreeze(seen));
  }
  return withOwnCardLocked(actor, cardId, async (trx, card) => {
    if (card.status !== "active" && card.status !== "frozen") throw new ControlsError("card_not_usable");
    if ((card.status === "frozen") === frozen) return "unchanged";
    if (!frozen) {
      if (!confirmed?.covers(unfreeze(card))) throw new ControlsError("changed_meanwhile");
      await confirmed.record(trx);
    }
    await trx.updateTable("cards").set({ status: frozen ? "frozen" : "active" }).where("id", "=", card.id).where("customer_id", "=", actor.customerId).execute();
    await audit(trx, actor, frozen ? "card.frozen" : "card.unfrozen", card.id, { last4: card.last4 });
    return "changed";
  });
}

/** Withdraws a loosening that has not taken effect yet, with its proposal. */
export async function cancelPendingChange(actor: Actor, cardId: string, changeId: string): Promise<void> {
  const at = clockNow().toISOString();
  await withOwnCardLocked(actor, cardId, async (trx) => {
    const change = await trx
      .selectFrom("control_changes")
      .select(["id", "summary", "approval_id"])
      .where("id", "=", changeId)
      .where("card_id", "=", cardId)
      .where("customer_id", "=", actor.customerId)
      .where("status", "=", "pending")
      .where("effective_at", ">", at)
      .executeTakeFirst();
    if (!change) throw new ControlsError("not_found");
    await cancelChangeRow(trx, change.id, change.approval_id);
    await audit(trx, actor, "controls.change_cancelled", cardId, { change: change.id, summary: change.summary });
  });
}

/** The merchant of one of the customer's own recent payments on this card, for "Block this merchant". */
export async function merchantOfAuthorization(customerId: string, cardId: string, authorizationId: string): Promise<{ id: string; name: string } | null> {
  const row = await db()
    .selectFrom("authorizations")
    .innerJoin("cards", "cards.id", "authorizations.card_id")
    .select(["authorizations.merchant_id", "authorizations.merchant_name"])
    .where("cards.customer_id", "=", customerId)
    .where("authorizations.card_id", "=", cardId)
    .where("authorizations.id", "=", authorizationId)
    .executeTakeFirst();
  return row ? { id: row.merchant_id.slice(0, 64), name: row.merchant_name.slice(0, 120) || row.merchant_id.slice(0, 64) } : null;
}

/**
 * The background half of maturing: every card with a loosening whose wait is over gets it
 * folded into its document and the change marked applied, each card in its own short
 * transaction under its own lock, so no card waits for another and a save is not needed for
 * the stored document to catch up. Safe on every instance at once: the fold only takes
 * changes still pending, under the card's lock. Returns how many cards it folded.
 */
export async function foldMaturedChangesDue(limit = 200): Promise<number> {
  const at = clockNow();
  const due = await db()
    .selectFrom("control_changes")
    .select("card_id")
    .distinct()
    .where("status", "=", "pending")
    .where("effective_at", "<=", at.toISOString())
    .limit(limit)
    .execute();
  let folded = 0;
  for (const { card_id: cardId } of due) {
    await inWriteTransaction(async (trx) => {
      const card = await lockCardForUpdate(trx, { id: cardId }).selectAll().executeTakeFirst();
      if (!card) return;
      const { applied } = await foldMaturedChanges(trx, card, at);
      if (applied.length === 0) return;
      folded++;
      await appendAudit({ actorId: null, actorRole: "system", action: "controls.change_applied", subjectType: "card", subjectId: card.id, details: { changes: applied } }, trx);
    });
  }
  return folded;
}
