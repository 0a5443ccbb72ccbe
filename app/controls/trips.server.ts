import crypto from "node:crypto";
import type { Change, ConfirmChange } from "~/auth/change-confirmation.server";
import { appendAudit } from "~/audit/audit-log.server";
import { now as clockNow } from "~/clock.server";
import { db } from "~/db.server";
import { DomainError } from "~/errors/domain-error";
import { isCountryCode } from "~/geo/countries.server";
import { ControlsError, lockOwnedCard, withOwnCardLocked, type Actor } from "./change-controls.server";
import { formatDayRange } from "~/format/dates";
import { cardLabel, countryLabel } from "./control-labels";

export interface TripView {
  id: string;
  countries: string[];
  /** inclusive, UTC midnight */
  startsAt: string;
  /** exclusive, UTC midnight after the last day */
  endsAt: string;
  /** the days as the customer entered them, YYYY-MM-DD, both included */
  firstDay: string;
  lastDay: string;
  active: boolean;
}

export interface NewTrip {
  countries: string[];
  /** YYYY-MM-DD, first day abroad */
  startDate: string;
  /** YYYY-MM-DD, last day abroad */
  endDate: string;
}

const DAY_MS = 86_400_000;

function listWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** What the customer confirms: the card, the countries and the days, exactly. */
function tripChange(card: { id: string; name: string; last4: string }, trip: NewTrip): Change {
  const countries = [...trip.countries].sort();
  const when = `on ${formatDayRange(trip.startDate, trip.endDate)}`;
  return {
    kind: "trip.add",
    words: `Let ${cardLabel(card)} pay in ${listWords(countries.map(countryLabel))} ${when}, whatever its travel settings say`,
    facts: { card: card.id, countries, from: trip.startDate, to: trip.endDate },
  };
}

/** Trips not cancelled and not over yet, soonest first. */
export async function listTrips(customerId: string, cardId: string, at: Date = clockNow()): Promise<TripView[]> {
  const rows = await db()
    .selectFrom("trips")
    .innerJoin("cards", "cards.id", "trips.card_id")
    .select(["trips.id", "trips.countries", "trips.starts_at", "trips.ends_at"])
    .where("cards.customer_id", "=", customerId)
    .where("trips.card_id", "=", cardId)
    .where("trips.cancelled_at", "is", null)
    .where("trips.ends_at", ">", at.toISOString())
    .orderBy("trips.starts_at")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    countries: JSON.parse(row.countries) as string[],
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    firstDay: row.starts_at.slice(0, 10),
    lastDay: new Date(Date.parse(row.ends_at) - DAY_MS).toISOString().slice(0, 10),
    active: row.starts_at <= at.toISOString(),
  }));
}

/**
 * A trip lets the card pay in the named countries between two dates, past any travel block.
 * It needs a passkey confirmation of exactly this trip (`confirm`) but no 24-hour wait: it is
 * time-boxed, the customer chose it, and it takes effect on its own start date anyway.
 */
export async function addTrip(actor: Actor, cardId: string, trip: NewTrip, confirm: ConfirmChange): Promise<TripView> {
  const unknown = trip.countries.filter((code) => !isCountryCode(code));
  if (trip.countries.length === 0 || unknown.length > 0) throw new DomainError("invalid_input", "A trip needs countries we know, as two-letter codes like ES or FR.", { countries: unknown });
  const at = clockNow();
  const startsAt = `${trip.startDate}T00:00:00.000Z`;
  const endsAt = new Date(Date.parse(`${trip.endDate}T00:00:00.000Z`) + DAY_MS).toISOString();
  const id = crypto.randomUUID();
  // Asked before the write transaction: asking writes its own audit row.
  const confirmed = await confirm(tripChange(await lockOwnedCard(db(), actor.customerId, cardId), trip));
  await withOwnCardLocked(actor, cardId, async (trx, card) => {
    if (!confirmed.covers(tripChange(card, trip))) throw new ControlsError("changed_meanwhile");
    await confirmed.record(trx);
    await trx.insertInto("trips").values({ id, card_id: cardId, countries: JSON.stringify(trip.countries), starts_at: startsAt, ends_at: endsAt, created_at: at.toISOString(), cancelled_at: null }).execute();
    await appendAudit(
      {
        actorId: actor.customerId,
        actorRole: actor.role,
        action: "trip.added",
        subjectType: "card",
        subjectId: cardId,
        ip: actor.ip,
        userAgent: actor.userAgent,
        details: { trip: id, countries: trip.countries, from: trip.startDate, to: trip.endDate, summary: trip.countries.map(countryLabel).join(", ") },
      },
      trx,
    );
  });
  return { id, countries: trip.countries, startsAt, endsAt, firstDay: trip.startDate, lastDay: trip.endDate, active: startsAt <= at.toISOString() };
}

/** Cancelling only narrows where the card works, so it is immediate and needs no passkey. */
export async function cancelTrip(actor: Actor, cardId: string, tripId: string): Promise<void> {
  const at = clockNow().toISOString();
  await withOwnCardLocked(actor, cardId, async (trx) => {
    const result = await trx
      .updateTable("trips")
      .set({ cancelled_at: at })
      .where("id", "=", tripId)
      .where("card_id", "=", cardId)
      .where("cancelled_at", "is", null)
      .where("ends_at", ">", at)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new ControlsError("not_found");
    await appendAudit({ actorId: actor.customerId, actorRole: actor.role, action: "trip.cancelled", subjectType: "card", subjectId: cardId, ip: actor.ip, userAgent: actor.userAgent, details: { trip: tripId } }, trx);
  });
}
