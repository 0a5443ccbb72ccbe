import crypto from "node:crypto";
import type { ApprovalRow } from "../../db/schema";
import { appendAudit, recordAuditEvent } from "~/audit/audit-log.server";
import type { Change, ConfirmChange } from "~/auth/change-confirmation.server";
import { now } from "~/clock.server";
import { db, inWriteTransaction, type Db } from "~/db.server";
import { DomainError } from "~/errors/domain-error";
import { withRefusalsRecorded, type StaffActor } from "~/staff/staff-actor.server";
import { approvalKind, type ApprovalKindName } from "./approval-kinds.server";

/**
 * Maker–checker, one module for every kind of proposal. A proposal says in words what is true
 * now and what will be true on approval, and lives 24 hours. A *different* person holding the
 * kind's permission approves it (with a passkey bound to that proposal) or rejects it with a
 * comment. "Decider ≠ proposer, still pending, not expired" is the WHERE clause of the one
 * UPDATE that decides, so two deciders racing, a proposer approving their own, or a decision
 * after expiry all change nothing; the schema's CHECK backs the first rule up once more.
 * What approval executes, and its audit rows, commit in that same transaction. README.md#d49
 */

export const PROPOSAL_TTL_MS = 24 * 60 * 60 * 1000;

export interface NewProposal {
  kind: ApprovalKindName;
  subjectType: string;
  subjectId: string;
  customerId: string | null;
  before: string;
  after: string;
  reason: string;
  payload: Record<string, unknown>;
}

export interface ProposalView {
  id: string;
  kind: string;
  kindLabel: string;
  subjectId: string;
  customerId: string | null;
  customerName: string | null;
  before: string;
  after: string;
  reason: string;
  status: ApprovalRow["status"];
  proposedBy: string;
  proposedByName: string;
  proposedAt: string;
  expiresAt: string | null;
  expired: boolean;
  decidedByName: string | null;
  decidedAt: string | null;
  comment: string | null;
  /** why this person may not approve it, in words; null when they may */
  cannotApprove: string | null;
}

function auditRow(actor: Pick<StaffActor, "id" | "role" | "ip" | "userAgent">, action: string, row: Pick<ApprovalRow, "id" | "kind" | "customer_id">, details: Record<string, unknown>, trx?: Db) {
  // Proposals about a customer are on that customer's timeline; the rest are on the proposal.
  const subject = row.customer_id ? { subjectType: "user", subjectId: row.customer_id } : { subjectType: "approval", subjectId: row.id };
  const event = { actorId: actor.id, actorRole: actor.role, action, ...subject, ip: actor.ip, userAgent: actor.userAgent, details: { approval: row.id, kind: row.kind, ...details } };
  return trx ? appendAudit(event, trx) : recordAuditEvent(event);
}

/** Records a proposal (in the caller's transaction, beside the caller's own checks). */
export async function propose(trx: Db, actor: StaffActor, proposal: NewProposal): Promise<string> {
  const kind = approvalKind(proposal.kind);
  if (!actor.permissions.has(kind.proposePermission)) throw new DomainError("forbidden", "You may not propose this.");
  const at = now();
  const id = crypto.randomUUID();
  await trx
    .insertInto("approvals")
    .values({
      id,
      kind: proposal.kind,
      subject_type: proposal.subjectType,
      subject_id: proposal.subjectId,
      customer_id: proposal.customerId,
      payload: JSON.stringify(proposal.payload),
      reason: proposal.reason,
      status: "pending",
      proposed_by: actor.id,
      proposed_at: at.toISOString(),
      expires_at: new Date(at.getTime() + PROPOSAL_TTL_MS).toISOString(),
      before_words: proposal.before,
      after_words: proposal.after,
      decided_by: null,
      decided_at: null,
      decision_comment: null,
    })
    .execute();
  await auditRow(actor, "approval.proposed", { id, kind: proposal.kind, customer_id: proposal.customerId }, { before: proposal.before, after: proposal.after, reason: proposal.reason }, trx);
  return id;
}

/** Refuses a second proposal of `kind` about `subjectId` while one still waits for a decision. */
export async function refuseIfWaiting(trx: Db, kind: ApprovalKindName, subjectId: string, refusal: string): Promise<void> {
  const waiting = await trx
    .selectFrom("approvals")
    .select("id")
    .where("kind", "=", kind)
    .where("subject_id", "=", subjectId)
    .where("status", "=", "pending")
    .where("expires_at", ">", now().toISOString())
    .executeTakeFirst();
  if (waiting) throw new DomainError("conflict", refusal);
}

/** The change an approver confirms with a passkey: this proposal, its words and its payload, once. */
export function approvalChange(row: Pick<ApprovalRow, "id" | "kind" | "payload" | "before_words" | "after_words" | "subject_id">): Change {
  return {
    kind: "approval.approve",
    words: `Approve: ${row.after_words ?? row.kind} (now: ${row.before_words ?? "unknown"})`.slice(0, 600),
    facts: { approval: row.id, kind: row.kind, subject: row.subject_id, payload: row.payload },
  };
}

const isExpired = (row: Pick<ApprovalRow, "expires_at">, at: Date) => !row.expires_at || Date.parse(row.expires_at) <= at.getTime();

/** Why `actor` may not decide `row` now, as a refusal; null when they may. */
function refusalFor(actor: Pick<StaffActor, "id" | "permissions">, row: ApprovalRow, at: Date): DomainError | null {
  const kind = approvalKind(row.kind);
  if (!actor.permissions.has(kind.decidePermission)) return new DomainError("forbidden", "You may not decide this kind of proposal.");
  if (row.proposed_by === actor.id) return new DomainError("forbidden", "You proposed this, so someone else must decide it.");
  if (row.status !== "pending") return new DomainError("conflict", `This proposal was already ${row.status}.`);
  if (isExpired(row, at)) return new DomainError("conflict", "This proposal has expired. Propose it again if it is still needed.");
  return null;
}

async function findProposal(trx: Db, id: string): Promise<ApprovalRow> {
  const row = await trx.selectFrom("approvals").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new DomainError("not_found", "There is no such proposal.");
  return row;
}

/** A refusal is on record even though the transaction that met it rolled back. */
function refusalsAudited<T>(actor: StaffActor, action: string, id: string, work: () => Promise<T>): Promise<T> {
  return withRefusalsRecorded(actor, { action: "approval.refused", subjectType: "approval", subjectId: id.slice(0, 64), details: { attempted: action } }, work);
}

/** The one UPDATE that decides: nothing changes unless the four-eyes rule holds right now. */
async function claimDecision(trx: Db, actor: StaffActor, id: string, status: "approved" | "rejected", comment: string | null, at: Date): Promise<boolean> {
  const result = await trx
    .updateTable("approvals")
    .set({ status, decided_by: actor.id, decided_at: at.toISOString(), decision_comment: comment })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("proposed_by", "<>", actor.id)
    .where("expires_at", "is not", null)
    .where("expires_at", ">", at.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Approves a proposal and executes it, after a passkey confirmation bound to exactly this proposal. */
export function approveProposal(actor: StaffActor, id: string, comment: string, confirm: ConfirmChange): Promise<void> {
  return refusalsAudited(actor, "approve", id, async () => {
    const seen = await findProposal(db(), id);
    const refusal = refusalFor(actor, seen, now()) ?? approvalKind(seen.kind).refuse?.(seen, actor) ?? null;
    if (refusal) throw refusal;
    const confirmed = await confirm(approvalChange(seen));
    await inWriteTransaction(async (trx) => {
      const at = now();
      if (!(await claimDecision(trx, actor, id, "approved", comment.trim() || null, at))) {
        throw refusalFor(actor, await findProposal(trx, id), at) ?? new DomainError("conflict", "This proposal changed while you confirmed.");
      }
      const row = await findProposal(trx, id);
      if (!confirmed.covers(approvalChange(row))) throw new DomainError("conflict", "This proposal changed while you confirmed. Please look at it again.");
      await confirmed.record(trx);
      await approvalKind(row.kind).execute(trx, row, actor);
      await auditRow(actor, "approval.approved", row, { after: row.after_words, comment: comment.trim() || null }, trx);
    });
  });
}

/** Rejects a proposal with a comment. Rejecting loosens nothing, so it needs no passkey. */
export function rejectProposal(actor: StaffActor, id: string, comment: string): Promise<void> {
  return refusalsAudited(actor, "reject", id, async () => {
    if (comment.trim().length < 3) throw new DomainError("invalid_input", "Say why you reject it: the proposer reads this.");
    await inWriteTransaction(async (trx) => {
      const at = now();
      if (!(await claimDecision(trx, actor, id, "rejected", comment.trim(), at))) {
        throw refusalFor(actor, await findProposal(trx, id), at) ?? new DomainError("conflict", "This proposal changed meanwhile.");
      }
      const row = await findProposal(trx, id);
      await approvalKind(row.kind).onReject?.(trx, row, actor);
      await auditRow(actor, "approval.rejected", row, { comment: comment.trim() }, trx);
    });
  });
}

/** Proposals with the names of the people in them, as every view of a proposal shows them. */
function proposalRows() {
  return db()
    .selectFrom("approvals")
    .innerJoin("users as proposer", "proposer.id", "approvals.proposed_by")
    .leftJoin("users as decider", "decider.id", "approvals.decided_by")
    .leftJoin("users as customer", "customer.id", "approvals.customer_id")
    .selectAll("approvals")
    .select(["proposer.display_name as proposer_name", "decider.display_name as decider_name", "customer.display_name as customer_name"]);
}

/** Proposals for the approvals page (pending first, newest first), or one customer's. */
export async function listProposals(actor: Pick<StaffActor, "id" | "permissions">, filter: { customerId?: string; status?: "pending" | "decided"; kinds?: readonly string[] } = {}): Promise<ProposalView[]> {
  const at = now();
  let query = proposalRows()
    .orderBy("approvals.proposed_at", "desc")
    .limit(100);
  if (filter.customerId) query = query.where("approvals.customer_id", "=", filter.customerId);
  if (filter.status === "pending") query = query.where("approvals.status", "=", "pending").where("approvals.expires_at", ">", at.toISOString());
  if (filter.status === "decided") query = query.where("approvals.status", "in", ["approved", "rejected"]);
  if (filter.kinds) query = query.where("approvals.kind", "in", [...filter.kinds]);
  const rows = await query.execute();
  return rows.map((row) => toView(actor, row, row.proposer_name, row.decider_name, row.customer_name, at));
}

export async function proposalById(actor: Pick<StaffActor, "id" | "permissions">, id: string): Promise<ProposalView> {
  const row = await proposalRows().where("approvals.id", "=", id).executeTakeFirst();
  if (!row) throw new DomainError("not_found", "There is no such proposal.");
  return toView(actor, row, row.proposer_name, row.decider_name, row.customer_name, now());
}

function toView(actor: Pick<StaffActor, "id" | "permissions">, row: ApprovalRow, proposerName: string, deciderName: string | null, customerName: string | null, at: Date): ProposalView {
  const kind = approvalKind(row.kind);
  const refusal = refusalFor(actor, row, at) ?? kind.refuse?.(row, actor) ?? null;
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: kind.label,
    subjectId: row.subject_id,
    customerId: row.customer_id,
    customerName,
    before: row.before_words ?? "",
    after: row.after_words ?? row.reason,
    reason: row.reason,
    status: row.status,
    proposedBy: row.proposed_by,
    proposedByName: proposerName,
    proposedAt: row.proposed_at,
    expiresAt: row.expires_at,
    expired: row.status === "pending" && isExpired(row, at),
    decidedByName: deciderName,
    decidedAt: row.decided_at,
    comment: row.decision_comment,
    cannotApprove: refusal?.message ?? null,
  };
}
