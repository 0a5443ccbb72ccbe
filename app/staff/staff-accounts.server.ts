import { appendAudit, recordAuditEvent } from "~/audit/audit-log.server";
import { propose, refuseIfWaiting } from "~/approvals/approvals.server";
import { GRANT_ROLE_KIND } from "~/approvals/approval-kinds.server";
import { STAFF_ROLES } from "~/access/permissions";
import { db, inWriteTransaction, type Db } from "~/db.server";
import { DomainError } from "~/errors/domain-error";
import type { Role } from "../../db/schema";
import { withRefusalsRecorded, type StaffActor } from "./staff-actor.server";
import { DIRECT_ROLES, ROLE_WORDS, type ProposedRole } from "./staff-roles";

export interface StaffAccount {
  id: string;
  displayName: string;
  roles: Role[];
  status: string;
}

/** Everyone holding a staff role, by name. Customers are not staff accounts and are not listed. */
export async function listStaffAccounts(): Promise<StaffAccount[]> {
  const rows = await db()
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.display_name", "users.status", "user_roles.role"])
    .where("user_roles.role", "in", [...STAFF_ROLES])
    .orderBy("users.display_name")
    .execute();
  const accounts = new Map<string, StaffAccount>();
  for (const row of rows) {
    const account = accounts.get(row.id) ?? { id: row.id, displayName: row.display_name, roles: [], status: row.status };
    account.roles.push(row.role);
    accounts.set(row.id, account);
  }
  return [...accounts.values()];
}

async function requireStaffAccount(trx: Db, userId: string) {
  const row = await trx
    .selectFrom("users")
    .select(["users.id", "users.display_name"])
    .where("users.id", "=", userId)
    .where((eb) => eb.exists(eb.selectFrom("user_roles").select("user_roles.user_id").whereRef("user_roles.user_id", "=", "users.id").where("user_roles.role", "in", [...STAFF_ROLES])))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("user_roles").select("user_roles.user_id").whereRef("user_roles.user_id", "=", "users.id").where("user_roles.role", "=", "customer"))))
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "There is no staff account with that id.");
  return row;
}

function audit(actor: StaffActor, action: string, userId: string, details: Record<string, unknown>, trx?: Db) {
  const event = { actorId: actor.id, actorRole: actor.role, action, subjectType: "staff_user", subjectId: userId, ip: actor.ip, userAgent: actor.userAgent, details };
  return trx ? appendAudit(event, trx) : recordAuditEvent(event);
}

function refusalsAudited<T>(actor: StaffActor, attempted: string, userId: string, work: () => Promise<T>): Promise<T> {
  return withRefusalsRecorded(actor, { action: "admin.refused", subjectType: "staff_user", subjectId: userId.slice(0, 64), details: { attempted } }, work);
}

const refuseSelf = (actor: StaffActor, userId: string) => {
  if (actor.id === userId) throw new DomainError("forbidden", "Nobody changes their own roles. Ask another admin.");
};

/**
 * Grants or removes a role an admin may set alone (support, editor), or removes supervisor or
 * admin (taking power away needs no second person). Never on one's own account.
 */
export function setRole(actor: StaffActor, userId: string, role: Role, grant: boolean): Promise<"changed" | "unchanged"> {
  return refusalsAudited(actor, grant ? `grant ${role}` : `remove ${role}`, userId, async () => {
    refuseSelf(actor, userId);
    if (role === "customer" || (grant && !(DIRECT_ROLES as readonly Role[]).includes(role))) {
      throw new DomainError("forbidden", "Granting supervisor or admin is a proposal another admin approves.");
    }
    return inWriteTransaction(async (trx) => {
      const person = await requireStaffAccount(trx, userId);
      const held = await trx.selectFrom("user_roles").select("role").where("user_id", "=", userId).execute();
      const has = held.some((row) => row.role === role);
      if (has === grant) return "unchanged";
      if (!grant && held.length === 1) throw new DomainError("conflict", `${person.display_name} would have no role left. Give them another role first.`);
      if (grant) await trx.insertInto("user_roles").values({ user_id: userId, role }).execute();
      else await trx.deleteFrom("user_roles").where("user_id", "=", userId).where("role", "=", role).execute();
      await audit(actor, grant ? "admin.role_granted" : "admin.role_removed", userId, { role, name: person.display_name }, trx);
      return "changed";
    });
  });
}

/** Supervisor or admin: a proposal another admin approves (app/approvals). */
export function proposeRoleGrant(actor: StaffActor, userId: string, role: ProposedRole, reason: string): Promise<string> {
  return refusalsAudited(actor, `propose ${role}`, userId, async () => {
    refuseSelf(actor, userId);
    return inWriteTransaction(async (trx) => {
      const person = await requireStaffAccount(trx, userId);
      const held = await trx.selectFrom("user_roles").select("role").where("user_id", "=", userId).where("role", "=", role).executeTakeFirst();
      if (held) throw new DomainError("conflict", `${person.display_name} is already ${ROLE_WORDS[role].toLowerCase()}.`);
      await refuseIfWaiting(trx, GRANT_ROLE_KIND, userId, `A role proposal for ${person.display_name} is already waiting.`);
      const roles = (await trx.selectFrom("user_roles").select("role").where("user_id", "=", userId).execute()).map((row) => ROLE_WORDS[row.role]);
      return propose(trx, actor, {
        kind: GRANT_ROLE_KIND,
        subjectType: "staff_user",
        subjectId: userId,
        customerId: null,
        before: `${person.display_name} is ${roles.join(", ")}.`,
        after: `${person.display_name} is also ${ROLE_WORDS[role].toLowerCase()}.`,
        reason,
        payload: { userId, role },
      });
    });
  });
}
