import type { AuthenticatorTransport } from "@simplewebauthn/server";
import { sql } from "kysely";
import type { PasskeyRow } from "../../db/schema";
import { now } from "~/clock.server";
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
export async function renamePasskey(userId: string, credentialId: string, name: string): Promise<boolean> {
  const result = await db().updateTable("passkeys").set({ name }).where("id", "=", credentialId).where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type RemoveResult = "removed" | "not_found" | "last_passkey";

/** Never removes the last passkey: the count and the delete happen under one write lock. */
export async function removePasskey(userId: string, credentialId: string): Promise<RemoveResult> {
  return inWriteTransaction(async (trx) => {
    const owned = await trx
      .selectFrom("passkeys")
      .select(["id"])
      .where("user_id", "=", userId)
      .$if(lockRowsSupported(), (query) => query.forUpdate())
      .execute();
    if (!owned.some((row) => row.id === credentialId)) return "not_found";
    if (owned.length <= 1) return "last_passkey";
    await trx.deleteFrom("passkeys").where("id", "=", credentialId).where("user_id", "=", userId).execute();
    return "removed";
  });
}

export async function countPasskeys(userId: string): Promise<number> {
  const row = await db().selectFrom("passkeys").select(sql<number>`count(*)`.as("n")).where("user_id", "=", userId).executeTakeFirstOrThrow();
  return Number(row.n);
}
