import type { ApprovalRow, Role } from "../../db/schema";
import type { Permission } from "~/access/permissions";
import { appendAudit } from "~/audit/audit-log.server";
import { issueEnrolmentCode } from "~/auth/enrolment-codes.server";
import { now } from "~/clock.server";
import type { Db } from "~/db.server";
import { DomainError } from "~/errors/domain-error";
import type { StaffActor } from "~/staff/staff-actor.server";

/**
 * What each kind of proposal is, who may propose and decide it, and what approval executes
 * (inside the deciding transaction). A kind not listed here can be neither proposed nor decided.
 */
export interface ApprovalKind {
  label: string;
  proposePermission: Permission;
  decidePermission: Permission;
  /** a refusal that holds whoever decides (e.g. never lift a gambling block early) */
  refuse?: (row: ApprovalRow, decider: { id: string }) => DomainError | null;
  execute: (trx: Db, row: ApprovalRow, decider: StaffActor) => Promise<void>;
  onReject?: (trx: Db, row: ApprovalRow, decider: StaffActor) => Promise<void>;
}

export const RE_ENROL_KIND = "customer.re_enrol";
export const LOOSEN_KIND = "controls.loosen";
export const GRANT_ROLE_KIND = "staff.grant_role";
export type ApprovalKindName = typeof RE_ENROL_KIND | typeof LOOSEN_KIND | typeof GRANT_ROLE_KIND;

export const GAMBLING_NEVER_EARLY =
  "Lifting a gambling block early is never possible, for anyone: the 48-hour wait protects the customer from a decision made in the moment. It takes effect on its own when the wait is over.";

function payloadOf(row: ApprovalRow): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(row.payload);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Whether a loosening proposal lifts the gambling block (its operations as the customer stored them). */
export function liftsGamblingBlock(row: Pick<ApprovalRow, "payload">): boolean {
  const ops = payloadOf(row as ApprovalRow).ops;
  return Array.isArray(ops) && ops.some((op: { op?: unknown; path?: unknown; value?: unknown }) => op?.op === "remove" && op.path === "blockedCategories" && op.value === "gambling");
}

const reEnrol: ApprovalKind = {
  label: "Re-enrolment after a lost passkey",
  proposePermission: "propose:change:any",
  decidePermission: "approve:change:any",
  async execute(trx, row, decider) {
    const customerId = row.subject_id;
    const at = now().toISOString();
    const passkeys = await trx.deleteFrom("passkeys").where("user_id", "=", customerId).executeTakeFirst();
    const sessions = await trx.updateTable("sessions").set({ revoked_at: at }).where("user_id", "=", customerId).where("revoked_at", "is", null).executeTakeFirst();
    // Any code still outstanding was issued before the loss was reported: only the new one works.
    await trx.updateTable("enrolment_codes").set({ used_at: at }).where("user_id", "=", customerId).where("used_at", "is", null).execute();
    // The code goes to the customer's outbox only; it is not returned, so no staff member sees it.
    await issueEnrolmentCode(customerId, decider.id, trx);
    await appendAudit(
      {
        actorId: decider.id,
        actorRole: decider.role,
        action: "staff.re_enrolment_approved",
        subjectType: "user",
        subjectId: customerId,
        ip: decider.ip,
        userAgent: decider.userAgent,
        details: { approval: row.id, passkeysRemoved: Number(passkeys.numDeletedRows), sessionsEnded: Number(sessions.numUpdatedRows) },
      },
      trx,
    );
  },
};

const loosen: ApprovalKind = {
  label: "A customer's loosening, early",
  proposePermission: "update:controls:own",
  decidePermission: "approve:change:any",
  refuse: (row) => (liftsGamblingBlock(row) ? new DomainError("forbidden", GAMBLING_NEVER_EARLY) : null),
  async execute(trx, row) {
    if (liftsGamblingBlock(row)) throw new DomainError("forbidden", GAMBLING_NEVER_EARLY);
    const changeId = payloadOf(row).changeId;
    const at = now().toISOString();
    const updated = await trx
      .updateTable("control_changes")
      .set({ effective_at: at })
      .where("id", "=", typeof changeId === "string" ? changeId : "")
      .where("approval_id", "=", row.id)
      .where("status", "=", "pending")
      .where("effective_at", ">", at)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new DomainError("conflict", "The customer's change is no longer waiting.");
  },
};

const GRANTABLE: readonly Role[] = ["supervisor", "admin"];

const grantRole: ApprovalKind = {
  label: "Grant a staff role",
  proposePermission: "manage:user:any",
  decidePermission: "manage:user:any",
  refuse: (row, decider) => (payloadOf(row).userId === decider.id ? new DomainError("forbidden", "Nobody changes their own roles: another admin decides this.") : null),
  async execute(trx, row, decider) {
    const { userId, role } = payloadOf(row);
    if (typeof userId !== "string" || !GRANTABLE.includes(role as Role)) throw new DomainError("conflict", "This proposal can't be carried out.");
    if (userId === decider.id) throw new DomainError("forbidden", "Nobody changes their own roles.");
    const held = await trx.selectFrom("user_roles").select("role").where("user_id", "=", userId).where("role", "=", role as Role).executeTakeFirst();
    if (!held) await trx.insertInto("user_roles").values({ user_id: userId, role: role as Role }).execute();
  },
};

const KINDS: Record<ApprovalKindName, ApprovalKind> = { [RE_ENROL_KIND]: reEnrol, [LOOSEN_KIND]: loosen, [GRANT_ROLE_KIND]: grantRole };

export function approvalKind(name: string): ApprovalKind {
  const kind = (KINDS as Record<string, ApprovalKind | undefined>)[name];
  if (!kind) throw new DomainError("not_found", "There is no such kind of proposal.");
  return kind;
}
