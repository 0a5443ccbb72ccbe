import { nowIso } from "~/clock.server";
import { inWriteTransaction, type Db } from "~/db.server";

export interface AuditEvent {
  actorId: string | null;
  actorRole: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** Never secrets or clear-text PII: this is read by staff and shown to customers. */
  details?: Record<string, unknown>;
}

/** Who acted and from where, as every audit row records it for a signed-in person. */
export function auditActor(
  user: { id: string; roles: readonly string[] },
  context: { ip: string; userAgent: string },
): Pick<AuditEvent, "actorId" | "actorRole" | "ip" | "userAgent"> {
  return { actorId: user.id, actorRole: user.roles[0] ?? null, ip: context.ip, userAgent: context.userAgent };
}

/**
 * Records the audit row of a change inside the change's own transaction, so the two commit or
 * roll back together. A plain insert: no lock and no read of earlier rows, so audited writes on
 * different cards or people never wait for each other. Sealing the row into the tamper-evident
 * tree happens later, in order, in the sequencer (audit-sequencer.server.ts). README.md#d48
 */
export async function appendAudit(event: AuditEvent, trx: Db): Promise<void> {
  await trx
    .insertInto("audit_log")
    .values({
      at: nowIso(),
      actor_id: event.actorId,
      actor_role: event.actorRole,
      action: event.action,
      subject_type: event.subjectType ?? null,
      subject_id: event.subjectId ?? null,
      ip: event.ip ?? null,
      user_agent: event.userAgent ? event.userAgent.slice(0, 512) : null,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}

/**
 * Records an event that changes nothing else (a refused request, a failed sign-in, a staff
 * member viewing a page) in a transaction of its own. Anything that changes state uses
 * appendAudit with the change's transaction instead.
 */
export async function recordAuditEvent(event: AuditEvent): Promise<void> {
  await inWriteTransaction((trx) => appendAudit(event, trx));
}
