import type { AuthenticatorTransport } from "@simplewebauthn/server";
import type { PasskeyRow } from "../../db/schema";
import type { Change, ConfirmChange } from "./change-confirmation.server";
import { appendAudit, type AuditEvent } from "~/audit/audit-log.server";
import { now } from "~/clock.server";
import { DomainError } from "~/errors/domain-error";
import { db, inWriteTransaction, lockRowsSupported, type Db } from "~/db.server";
import { authenticatorName } from "./known-authenticators";

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
  deviceHint: string;
}

export function transportsOf(row: Pick<PasskeyRow, "transports">): AuthenticatorTransport[] {
  try {
    const parsed: unknown = JSON.parse(row.transports);
    return Array.isArray(parsed) ? (parsed.filter((t) => typeof t === "string") as AuthenticatorTransport[]) : [];
  } catch {
    return [];
  }
}

export async function listPasskeys(userId: string): Promise<PasskeySummary[]> {
  const rows = await db().selectFrom("passkeys").selectAll().where("user_id", "=", userId).orderBy("created_at", "asc").execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    backedUp: row.backed_up === 1,
    deviceHint: authenticatorName(row.aaguid),
  }));
}

export async function passkeyRows(userId: string): Promise<PasskeyRow[]> {
  return db().selectFrom("passkeys").selectAll().where("user_id", "=", userId).execute();
}

export async function findPasskey(credentialId: string): Promise<PasskeyRow | undefined> {
  return db().selectFrom("passkeys").selectAll().where("id", "=", credentialId).executeTakeFirst();
}

export async function insertPasskey(row: PasskeyRow, trx: Db): Promise<void> {
  await trx.insertInto("passkeys").values(row).execute();
}

export async function recordPasskeyUse(credentialId: string, counter: number, backedUp: boolean): Promise<void> {
  await db()
    .updateTable("passkeys")
    .set({ counter, backed_up: backedUp ? 1 : 0, last_used_at: now().toISOString() })
    .where("id", "=", credentialId)
    .execute();
}

/** Ownership is part of the query: someone else's passkey id simply matches nothing. */
export async function renamePasskey(userId: string, credentialId: string, name: string, audit: AuditEvent): Promise<boolean> {
  return inWriteTransaction(async (trx) => {
    const result = await trx.updateTable("passkeys").set({ name }).where("id", "=", credentialId).where("user_id", "=", userId).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await appendAudit(audit, trx);
    return true;
  });
}

export type RemoveResult = "removed" | "not_found" | "last_passkey";

function removal(passkey: Pick<PasskeyRow, "id" | "name">): Change {
  return { kind: "passkey.remove", words: `Remove the passkey “${passkey.name}” from your Strongroom account, so it can no longer sign in`, facts: { passkey: passkey.id } };
}

/**
 * Removes one of the person's passkeys after a passkey confirmation of exactly that removal
 * (`confirm`), and never the last one: the count and the delete happen under one write lock.
 */
export async function removePasskey(
  person: { userId: string; role: string | null; ip: string | null; userAgent: string | null },
  credentialId: string,
  confirm: ConfirmChange,
): Promise<RemoveResult> {
  const owned = async (trx: Db, lock: boolean) =>
    trx
      .selectFrom("passkeys")
      .select(["id", "name"])
      .where("user_id", "=", person.userId)
      .$if(lock, (query) => query.forUpdate())
      .execute();
  const before = await owned(db(), false);
  const target = before.find((row) => row.id === credentialId);
  if (!target) return "not_found";
  if (before.length <= 1) return "last_passkey";
  // Asked before the write transaction: asking writes its own audit row.
  const confirmed = await confirm(removal(target));
  return inWriteTransaction(async (trx) => {
    const rows = await owned(trx, lockRowsSupported());
    const current = rows.find((row) => row.id === credentialId);
    if (!current) return "not_found";
    if (rows.length <= 1) return "last_passkey";
    if (!confirmed.covers(removal(current))) throw new DomainError("conflict", "That passkey changed while you were confirming. Please try again.");
    await confirmed.record(trx);
    await trx.deleteFrom("passkeys").where("id", "=", credentialId).where("user_id", "=", person.userId).execute();
    await appendAudit(
      { actorId: person.userId, actorRole: person.role, action: "passkey.removed", subjectType: "user", subjectId: person.userId, ip: person.ip, userAgent: person.userAgent, details: { passkey: credentialId.slice(0, 12) } },
      trx,
    );
    return "removed";
  });
}
