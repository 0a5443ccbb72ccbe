import type { CardRow } from "../../db/schema";
import type { CardControls } from "~/authorization/types";
import type { Db } from "~/db.server";
import { effectiveSettings, parseCardSettings, toCardControls, type CardSettings, type SettingsOp } from "./card-settings";

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
    ops: JSON.parse(row.patch) as SettingsOp[],
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

/** Everything the pure engine needs to know about a card's controls at `now`. */
export async function controlsForEngine(trx: Db, card: CardRow, now: Date): Promise<CardControls> {
  const at = now.toISOString();
  const [settings, trips, allowances] = await Promise.all([
    currentSettings(trx, card, now),
    trx.selectFrom("trips").select(["countries", "starts_at", "ends_at"]).where("card_id", "=", card.id).where("cancelled_at", "is", null).where("ends_at", ">", at).execute(),
    trx.selectFrom("risk_allowances").select(["country", "merchant_id", "until"]).where("card_id", "=", card.id).where("until", ">", at).execute(),
  ]);
  return toCardControls({
    status: card.status,
    settings,
    trips: trips.map((trip) => ({ countries: JSON.parse(trip.countries) as string[], startsAt: new Date(trip.starts_at), endsAt: new Date(trip.ends_at) })),
    allowances: allowances.map((a) => ({ country: a.country, merchantId: a.merchant_id, until: new Date(a.until) })),
  });
}
