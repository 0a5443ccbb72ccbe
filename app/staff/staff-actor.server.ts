import { forbidden, requireSession } from "~/access/guards.server";
import { recordRefusedRequest } from "~/access/refused-requests.server";
import type { Permission } from "~/access/permissions";
import { appendAudit, recordAuditEvent } from "~/audit/audit-log.server";
import type { Db } from "~/db.server";
import type { RequestContext } from "~/edge/request-context";
import { DomainError, isDomainError } from "~/errors/domain-error";
import type { SessionUser } from "~/session/session.server";

/** A staff member acting on a customer's account, as every audit row of the console records them. */
export interface StaffActor {
  id: string;
  displayName: string;
  role: string | null;
  sessionId: string;
  permissions: ReadonlySet<Permission>;
  ip: string;
  userAgent: string;
}

export function staffActor(user: SessionUser, sessionId: string, context: RequestContext): StaffActor {
  return { id: user.id, displayName: user.displayName, role: user.roles[0] ?? null, sessionId, permissions: user.permissions, ip: context.ip, userAgent: context.userAgent };
}

/** The signed-in staff member, if their roles grant the permission (403 otherwise, audited by the policy wrapper's rule). */
export async function requireStaff(args: { request: Request; context: RequestContext }, permission: Permission): Promise<StaffActor> {
  const session = await requireSession(args);
  if (!session.user.permissions.has(permission)) {
    await recordRefusedRequest(args, "access.refused", { permission }, session.user);
    throw forbidden();
  }
  return staffActor(session.user, session.id, args.context);
}

/**
 * Staff actions are recorded with the customer as the subject, so each one is on the
 * customer's own security timeline as well as in the staff member's trail.
 */
export function auditStaffAction(actor: StaffActor, action: string, customerId: string, details: Record<string, unknown>, trx: Db) {
  return appendAudit(
    { actorId: actor.id, actorRole: actor.role, action, subjectType: "user", subjectId: customerId, ip: actor.ip, userAgent: actor.userAgent, details },
    trx,
  );
}

/**
 * Runs a staff action; a refusal is recorded (outside the transaction that rolled back) and
 * then thrown on, so a refused attempt leaves the same trace as a successful one.
 */
export function auditedStaffAction<T>(actor: StaffActor, action: string, customerId: string, work: () => Promise<T>): Promise<T> {
  // The customer id as typed, never looked up: a refusal must not confirm who exists.
  return withRefusalsRecorded(actor, { action: "staff.refused", subjectType: "staff_action", subjectId: action, details: { attempted: action, customer: customerId.slice(0, 64) } }, work);
}

/**
 * Runs `work`; a refusal is recorded (outside the transaction that rolled back, with the
 * refusal's code added to `details`) and then thrown on. Asking for a passkey is the normal
 * first answer, audited by the confirmation module itself, so it is not a refusal here.
 */
export async function withRefusalsRecorded<T>(
  actor: Pick<StaffActor, "id" | "role" | "ip" | "userAgent">,
  refusal: { action: string; subjectType: string; subjectId: string; details: Record<string, unknown> },
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDomainError(error) && error.code !== "confirmation_required") {
      await recordAuditEvent({ actorId: actor.id, actorRole: actor.role, ip: actor.ip, userAgent: actor.userAgent, ...refusal, details: { ...refusal.details, code: error.code } });
    }
    throw error;
  }
}

/** A customer by id, or not_found: staff and unknown ids are both "no such customer". */
export async function requireCustomer(trx: Db, customerId: string) {
  const row = await trx
    .selectFrom("users")
    .select(["users.id", "users.display_name", "users.customer_number", "users.email_enc", "users.phone_enc", "users.status", "users.created_at"])
    .where("users.id", "=", customerId)
    .where((eb) => eb.exists(eb.selectFrom("user_roles").select("user_roles.user_id").whereRef("user_roles.user_id", "=", "users.id").where("user_roles.role", "=", "customer")))
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "There is no customer with that id.");
  return row;
}
