import { sql } from "kysely";
import type { CardRow } from "../../db/schema";
import type { CardControls } from "~/authorization/types";
import type { Db } from "~/db.server";
import { effectiveSettings, parseCardSettings, parseSettingsOps, toCardControls, type CardSettings, type SettingsOp } from "./card-settings";

export interface PendingChangeRow {
  id: string;
  summary: string;
  ops: SettingsOp[];
  requestedAt: string;
  effectiveAt: string;
  approvalId: string | null;
}

export async function pendingChanges(trx: Db, cardId: string): Promise<PendingChangeRow[]> {
  const rows = await trx
    .selectFrom("control_changes")
    .select(["id", "summary", "patch", "requested_at", "effective_at", "approval_id"])
    .where("card_id", "=", cardId)
    .where("status", "=", "pending")
    .orderBy("effective_at", "asc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    summary: row.summary,
    ops: parseSettingsOps(row.patch),
    requestedAt: row.requested_at,
    effectiveAt: row.effective_at,
    approvalId: row.approval_id,
  }));
}

/** The settings in force now: stored document plus matured pending changes. */
export async function currentSettings(trx: Db, card: Pick<CardRow, "id" | "settings">, now: Date): Promise<CardSettings> {
  const pending = await pendingChanges(trx, card.id);
  return effectiveSettings(
    parseCardSettings(card.settings),
    pending.map((change) => ({ ops: change.ops, effectiveAt: new Date(change.effectiveAt) })),
    now,
  );
}

/**
 * Everything the pure engine needs to know about a card's controls at `now`. Pending changes,
 * trips and "this was me" allowances come back in one UNION query: on PostgreSQL each query
 * is a network round trip inside the card's locked transaction.
 */
export async function controlsForEngine(trx: Db, card: Pick<CardRow, "id" | "settings" | "status">, now: Date): Promise<CardControls> {
  const at = now.toISOString();
  const rows = await trx
    .selectFrom("control_changes")
    .select([sql.lit("change").as("kind"), "patch as a", "effective_at as b", sql<string | null>`null`.as("c")])
    .where("card_id", "=", card.id)
    .where("status", "=", "pending")
    .where("effective_at", "<=", at)
    .unionAll(
      trx
        .selectFrom("trips")
        .select([sql.lit("trip").as("kind"), "countries as a", "starts_at as b", "ends_at as c"])
        .where("card_id", "=", card.id)
        .where("cancelled_at", "is", null)
        .where("ends_at", ">", at),
    )
    .unionAll(
      trx
        .selectFrom("risk_allowances")
        .select([sql.lit("allowance").as("kind"), "country as a", "until as b", "merchant_id as c"])
        .where("card_id", "=", card.id)
        .where("until", ">", at),
    )
    .execute();
  const matured = rows.filter((row) => row.kind === "change").map((row) => ({ ops: parseSettingsOps(row.a), effectiveAt: new Date(row.b) }));
  return toCardControls({
    status: card.status,
    settings: effectiveSettings(parseCardSettings(card.settings), matured, now),
    trips: rows.filter((row) => row.kind === "trip").map((row) => ({ countries: JSON.parse(row.a) as string[], startsAt: new Date(row.b), endsAt: new Date(row.c as string) })),
    allowances: rows.filter((row) => row.kind === "allowance").map((row) => ({ country: row.a, merchantId: row.c, until: new Date(row.b) })),
  });
}
