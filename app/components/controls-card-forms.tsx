import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { TRAVEL_MODES } from "~/authorization/types";
import type { CardSettings } from "~/controls/card-settings";
import { countryLabel, TRAVEL_MODE_LABELS } from "~/controls/control-labels";
import type { TripView } from "~/controls/trips.server";
import { formatDateTime, formatDayRange } from "~/format/dates";
import { buttonClass, IntentForm, Section, type FieldState } from "./controls-section";
import { TextField } from "./text-field";

/** The card's switches: freeze, waiting changes, where it works, trips and blocked merchants. */

/** The small button that acts on one row of a list. */
const rowButton = "rounded border border-slate-500 px-3 py-1.5";

type Settings = SerializeFrom<CardSettings>;
interface CardSummary {
  id: string;
  status: string;
}

export function FreezeSection({ card }: { card: CardSummary }) {
  return (
      <Section id="freeze" title={card.status === "frozen" ? "Your card is frozen" : "Freeze your card"}>
        {card.status === "frozen" ? (
          <>
            <p>Every payment is declined while the card is frozen. Unfreezing works at once after you confirm with your passkey.</p>
            <IntentForm intent="unfreeze" className="mt-3">
              <button type="submit" className={buttonClass}>
                Unfreeze card
              </button>
            </IntentForm>
          </>
        ) : card.status === "active" ? (
          <>
            <p>Lost your card, or something looks wrong? Freezing declines every payment at once. You can unfreeze it whenever you like.</p>
            <IntentForm intent="freeze" className="mt-3">
              <button type="submit" className="rounded bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800">
                Freeze card
              </button>
            </IntentForm>
          </>
        ) : (
          <p>This card is {card.status} and can't be used.</p>
        )}
      </Section>
  );
}

export function PendingSection({ pending }: { pending: { id: string; summary: string; effectiveAt: string }[] }) {
  return (
      <Section id="pending" title="Waiting to take effect">
        {pending.length === 0 ? <p>No changes are waiting.</p> : null}
        <ul className="space-y-3">
          {pending.map((change) => (
            <li key={change.id} className="flex flex-wrap items-center justify-between gap-3 rounded border border-slate-200 p-3">
              <p>
                {change.summary}
                <span className="block text-sm text-slate-700">Takes effect at {formatDateTime(change.effectiveAt)}</span>
              </p>
              <IntentForm intent="cancel-change" formKey={`cancel-change:${change.id}`}>
                <input type="hidden" name="changeId" value={change.id} />
                <button type="submit" className={rowButton}>
                  Cancel<span className="sr-only"> the waiting change: {change.summary}</span>
                </button>
              </IntentForm>
            </li>
          ))}
        </ul>
      </Section>
  );
}

export function TravelSection({ settings, fields }: { settings: Settings; fields: FieldState }) {
  return (
      <Section id="travel" title="Where your card works">
        <IntentForm intent="travel">
          <div className="space-y-4">
            <TextField
              id="homeCountry"
              label="Home country"
              hint="Two-letter code, like GB. Changing it takes 24 hours."
              maxLength={2}
              autoComplete="off"
              defaultValue={fields.typed("travel", "homeCountry") ?? settings.travel.homeCountry}
              error={fields.error("travel", "homeCountry")}
            />
            <fieldset aria-describedby="mode-hint">
              <legend className="font-semibold">Payments from abroad</legend>
              <p id="mode-hint" className="text-sm text-slate-700">
                Narrowing works at once; widening takes 24 hours. A trip always lets your card work where and when you said.
              </p>
              {fields.error("travel", "mode") ? <p className="text-sm font-semibold text-red-700">{fields.error("travel", "mode")}</p> : null}
              <ul className="mt-2 space-y-2">
                {TRAVEL_MODES.map((mode, index) => (
                  <li key={mode} className="flex items-center gap-2">
                    <input id={index === 0 ? "mode" : `mode-${mode}`} name="mode" type="radio" value={mode} defaultChecked={(fields.typed("travel", "mode") ?? settings.travel.mode) === mode} className="h-5 w-5" />
                    <label htmlFor={index === 0 ? "mode" : `mode-${mode}`}>{TRAVEL_MODE_LABELS[mode]}</label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <TextField
              id="allowedCountries"
              label="Countries you allow"
              hint="Used with “home country and the countries I allow”. Two-letter codes separated by commas, like FR, ES"
              autoComplete="off"
              defaultValue={fields.typed("travel", "allowedCountries") ?? settings.travel.allowedCountries.join(", ")}
              error={fields.error("travel", "allowedCountries")}
            />
            <TextField
              id="blockedCountries"
              label="Countries to block"
              hint="Always declined, unless you add a trip there. Two-letter codes separated by commas"
              autoComplete="off"
              defaultValue={fields.typed("travel", "blockedCountries") ?? settings.travel.blockedCountries.join(", ")}
              error={fields.error("travel", "blockedCountries")}
            />
          </div>
          <button type="submit" className={`${buttonClass} mt-4`}>
            Save travel settings
          </button>
        </IntentForm>
      </Section>
  );
}

export function TripsSection({ trips, today, fields }: { trips: SerializeFrom<TripView>[]; today: string; fields: FieldState }) {
  return (
      <Section id="trips" title="Trips">
        <p>Going abroad? Tell us where and when, and your card will work there on those dates, whatever your travel settings say. It needs your passkey.</p>
        {trips.length > 0 ? (
          <ul className="mt-3 space-y-3">
            {trips.map((trip) => {
              const where = trip.countries.map(countryLabel).join(", ");
              return (
                <li key={trip.id} className="flex flex-wrap items-center justify-between gap-3 rounded border border-slate-200 p-3">
                  <p>
                    {where}
                    <span className="block text-sm text-slate-700">
                      {formatDayRange(trip.firstDay, trip.lastDay)}
                      {trip.active ? " — happening now" : ""}
                    </span>
                  </p>
                  <IntentForm intent="cancel-trip" formKey={`cancel-trip:${trip.id}`}>
                    <input type="hidden" name="tripId" value={trip.id} />
                    <button type="submit" className={rowButton}>
                      Cancel trip<span className="sr-only"> to {where}</span>
                    </button>
                  </IntentForm>
                </li>
              );
            })}
          </ul>
        ) : null}
        <IntentForm intent="add-trip" className="mt-4">
          <fieldset>
            <legend className="font-semibold">Add a trip</legend>
            <div className="mt-2 grid gap-4 md:grid-cols-3">
              <TextField id="tripCountries" label="Countries" hint="Two-letter codes, like ES, PT" autoComplete="off" defaultValue={fields.typed("add-trip", "tripCountries") ?? ""} error={fields.error("add-trip", "tripCountries")} />
              <TextField id="tripStart" label="First day" hint="Like 2026-12-20" type="date" min={today} defaultValue={fields.typed("add-trip", "tripStart") ?? ""} error={fields.error("add-trip", "tripStart")} />
              <TextField id="tripEnd" label="Last day" hint="Up to 90 days" type="date" min={today} defaultValue={fields.typed("add-trip", "tripEnd") ?? ""} error={fields.error("add-trip", "tripEnd")} />
            </div>
          </fieldset>
          <button type="submit" className={`${buttonClass} mt-4`}>
            Add trip
          </button>
        </IntentForm>
      </Section>
  );
}

export function MerchantsSection({ card, settings }: { card: CardSummary; settings: Settings }) {
  return (
      <Section id="merchants" title="Blocked merchants">
        <p>
          To block a merchant, use “Block this merchant” next to one of its payments on the <Link to={`/cards/${card.id}`}>card page</Link>. Unblocking takes 24 hours.
        </p>
        {settings.blockedMerchants.length === 0 ? <p className="mt-2">You haven't blocked any merchants.</p> : null}
        <ul className="mt-3 space-y-3">
          {settings.blockedMerchants.map((merchant) => (
            <li key={merchant.id} className="flex flex-wrap items-center justify-between gap-3 rounded border border-slate-200 p-3">
              <p>{merchant.name}</p>
              <IntentForm intent="unblock-merchant" formKey={`unblock-merchant:${merchant.id}`}>
                <input type="hidden" name="merchantId" value={merchant.id} />
                <button type="submit" className={rowButton}>
                  Unblock<span className="sr-only"> {merchant.name}</span>
                </button>
              </IntentForm>
            </li>
          ))}
        </ul>
      </Section>
  );
}
