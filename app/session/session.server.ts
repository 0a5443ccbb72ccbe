import type { Role, SessionRow } from "../../db/schema";
import { isStaff, permissionsFor, type Permission } from "~/access/permissions";
import { appendAudit, type AuditEvent } from "~/audit/audit-log.server";
import { now } from "~/clock.server";
import { randomToken } from "~/crypto/tokens.server";
import { db, inWriteTransaction, type Db } from "~/db.server";
import type { RequestContext } from "~/edge/request-context";
import { clearSessionCookieHeader, readCookie, sessionCookieHeader, SESSION_COOKIE, unsealSessionId } from "./session-cookie.server";

export const IDLE_TIMEOUT_MS = 15 * 60 * 1000;
export const CUSTOMER_ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
export const STAFF_ABSOLUTE_TIMEOUT_MS = 8 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reading a page is not a write each time */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface SessionUser {
  id: string;
  displayName: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
}

export interface CurrentSession {
  id: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  user: SessionUser | null;
}

/** A session somebody is signed in to (what requireSession returns). */
export type SignedInSession = CurrentSession & { user: SessionUser };

export type ExpiryReason = "revoked" | "idle" | "absolute";

export function absoluteTimeoutFor(roles: readonly Role[]): number {
  return isStaff(roles) ? STAFF_ABSOLUTE_TIMEOUT_MS : CUSTOMER_ABSOLUTE_TIMEOUT_MS;
}

export function expiryReason(row: SessionRow, roles: readonly Role[], at: Date): ExpiryReason | null {
  if (row.revoked_at) return "revoked";
  if (at.getTime() - Date.parse(row.last_seen_at) > IDLE_TIMEOUT_MS) return "idle";
  if (at.getTime() - Date.parse(row.created_at) > absoluteTimeoutFor(roles)) return "absolute";
  return null;
}

async function loadUser(userId: string): Promise<SessionUser | null> {
  const user = await db()
    .selectFrom("users")
    .select(["id", "display_name", "status"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user || user.status !== "active") return null;
  const roles = (await db().selectFrom("user_roles").select("role").where("user_id", "=", userId).execute()).map((r) => r.role);
  return { id: user.id, displayName: user.display_name, roles, permissions: permissionsFor(roles) };
}

async function resolve(request: Request, context: RequestContext): Promise<CurrentSession | null> {
  const sealed = readCookie(request, SESSION_COOKIE);
  if (!sealed) return null;
  const sessionId = await unsealSessionId(sealed);
  const row = sessionId ? await db().selectFrom("sessions").selectAll().where("id", "=", sessionId).executeTakeFirst() : undefined;
  if (!row) {
    context.setCookie(clearSessionCookieHeader());
    return null;
  }
  const user = row.user_id ? await loadUser(row.user_id) : null;
  const at = now();
  const reason = row.user_id && !user ? "revoked" : expiryReason(row, user?.roles ?? [], at);
  if (reason) {
    context.setCookie(clearSessionCookieHeader());
    if (!row.revoked_at) {
      await inWriteTransaction(async (trx) => {
        const ended = await trx.updateTable("sessions").set({ revoked_at: at.toISOString() }).where("id", "=", row.id).where("revoked_at", "is", null).executeTakeFirst();
        // Only the request that ended it records it: two tabs expiring together write one row.
        if (user && Number(ended.numUpdatedRows) === 1) {
          await appendAudit(
            { actorId: user.id, actorRole: user.roles[0] ?? null, action: `session.expired.${reason}`, subjectType: "session", subjectId: row.id, ip: context.ip, userAgent: context.userAgent },
            trx,
          );
        }
      });
    }
    return null;
  }
  if (at.getTime() - Date.parse(row.last_seen_at) > TOUCH_INTERVAL_MS) {
    await db().updateTable("sessions").set({ last_seen_at: at.toISOString(), ip: context.ip }).where("id", "=", row.id).execute();
  }
  return {
    id: row.id,
    csrfToken: row.csrf_token,
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    user,
  };
}

/** The session of this request, resolved once and shared by every loader of the request. */
export function getSession(request: Request, context: RequestContext): Promise<CurrentSession | null> {
  context.memo.session ??= resolve(request, context);
  return context.memo.session;
}

async function insertSession(userId: string, context: RequestContext, trx: Db): Promise<{ id: string; csrfToken: string; at: string }> {
  const at = now().toISOString();
  const id = randomToken(32);
  const csrfToken = randomToken(32);
  await trx
    .insertInto("sessions")
    .values({
      id,
      user_id: userId,
      csrf_token: csrfToken,
      created_at: at,
      last_seen_at: at,
      revoked_at: null,
      ip: context.ip,
      user_agent: context.userAgent.slice(0, 512),
    })
    .execute();
  return { id, csrfToken, at };
}

/**
 * A session row exists only for a signed-in person: before sign-in, a browser holds nothing but
 * its pre-sign-in cookie (./pre-sign-in.server.ts). Sign-in always gets a brand-new session id
 * (a previous one is revoked), so an id planted or observed before it is worthless after it.
 * `audit` names the row that records the sign-in; it commits with the new session.
 */
export async function startSignedInSession(
  request: Request,
  context: RequestContext,
  userId: string,
  audit?: (user: SessionUser | null) => AuditEvent,
): Promise<CurrentSession> {
  const previous = await getSession(request, context);
  const user = await loadUser(userId);
  const started = await inWriteTransaction(async (trx) => {
    if (previous) await endSession(trx, previous.id);
    const inserted = await insertSession(userId, context, trx);
    if (audit) await appendAudit(audit(user), trx);
    return inserted;
  });
  context.setCookie(await sessionCookieHeader(started.id));
  const session: CurrentSession = { id: started.id, csrfToken: started.csrfToken, createdAt: new Date(started.at), lastSeenAt: new Date(started.at), user };
  context.memo.session = Promise.resolve(session);
  return session;
}

async function endSession(trx: Db, sessionId: string): Promise<boolean> {
  const result = await trx.updateTable("sessions").set({ revoked_at: now().toISOString() }).where("id", "=", sessionId).where("revoked_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends one session; `audit` is recorded in the same transaction when the session was still live. */
export async function revokeSession(sessionId: string, audit: AuditEvent): Promise<void> {
  await inWriteTransaction(async (trx) => {
    if (await endSession(trx, sessionId)) await appendAudit(audit, trx);
  });
}

/** Ends every live session of a person (but one, if given); `audit` receives how many ended. */
export async function revokeAllSessions(userId: string, exceptSessionId?: string, audit?: (count: number) => AuditEvent): Promise<number> {
  return inWriteTransaction(async (trx) => {
    let query = trx.updateTable("sessions").set({ revoked_at: now().toISOString() }).where("user_id", "=", userId).where("revoked_at", "is", null);
    if (exceptSessionId) query = query.where("id", "<>", exceptSessionId);
    const count = Number((await query.executeTakeFirst()).numUpdatedRows);
    if (audit) await appendAudit(audit(count), trx);
    return count;
  });
}

export async function touchSession(sessionId: string, ip: string): Promise<void> {
  await db().updateTable("sessions").set({ last_seen_at: now().toISOString(), ip }).where("id", "=", sessionId).where("revoked_at", "is", null).execute();
}
