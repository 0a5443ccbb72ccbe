import { deviceLabel } from "~/auth/devices.server";
import { now } from "~/clock.server";
import { appendAudit, type AuditEvent } from "~/audit/audit-log.server";
import { db, inWriteTransaction } from "~/db.server";
import { IDLE_TIMEOUT_MS } from "./session.server";

export interface ActiveSession {
  id: string;
  device: string;
  ip: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

/** Sessions that would still be accepted: not revoked and not idle too long. */
export async function activeSessions(userId: string, currentSessionId: string): Promise<ActiveSession[]> {
  const idleCutoff = new Date(now().getTime() - IDLE_TIMEOUT_MS).toISOString();
  const rows = await db()
    .selectFrom("sessions")
    .select(["id", "user_agent", "ip", "created_at", "last_seen_at"])
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("last_seen_at", ">", idleCutoff)
    .orderBy("last_seen_at", "desc")
    .execute();
  return rows.map((row) => ({
    // Only a short, non-secret handle leaves the server; the full id is a credential.
    id: row.id.slice(0, 16),
    device: deviceLabel(row.user_agent),
    ip: row.ip,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    current: row.id === currentSessionId,
  }));
}

/** Revokes one of the person's own sessions by its short handle; ownership is in the query. */
/** Signs out one of the person's own devices; the audit row commits with it. */
export async function revokeOwnSession(userId: string, handle: string, audit: AuditEvent): Promise<boolean> {
  const rows = await db().selectFrom("sessions").select("id").where("user_id", "=", userId).where("revoked_at", "is", null).execute();
  const target = rows.find((row) => row.id.slice(0, 16) === handle);
  if (!target) return false;
  await inWriteTransaction(async (trx) => {
    await trx.updateTable("sessions").set({ revoked_at: now().toISOString() }).where("id", "=", target.id).where("user_id", "=", userId).execute();
    await appendAudit(audit, trx);
  });
  return true;
}
