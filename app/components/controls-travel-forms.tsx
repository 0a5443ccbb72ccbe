import type { SerializeFrom } from "@remix-run/node";
import { TRAVEL_MODES } from "~/authorization/types";
import type { CardSettings } from "~/controls/card-settings";
import { countryLabel, TRAVEL_MODE_LABELS } from "~/controls/control-labels";
import type { TripView } from "~/controls/trips.server";
import { formatDayRange } from "~/format/dates";
import { buttonClass, IntentForm, Section, type FieldState } from "./controls-section";
import { RemovableList } from "./removable-list";
import { TextField } from "./text-field";

/** Where the card works: the standing travel settings, and the trips that open it up for a while. */

const tripPlaces = (trip: { countries: string[] }) => trip.countries.map(countryLabel).join(", ");

export function TravelSection({ settings, fields }: { settings: SerializeFrom<CardSettings>; fields: FieldState }) {
  const { travel } = settings;
  // What the person typed last time wins over what is stored, so a refused form keeps their words.
  const field = (id: "homeCountry" | "allowedCountries" | "blockedCountries", stored: string) => ({
    id,
    autoComplete: "off",
    defaultValue: fields.typed("travel", id) ?? stored,
    error: fields.error("travel", id),
  });
  return (
      <Section id="travel" title="Where your card works">
        <IntentForm intent="travel">
          <div className="space-y-4">
            <TextField {...field("homeCountry", travel.homeCountry)} label="Home country" hint="Two-letter code, like GB. Changing it takes 24 hours." maxLength={2} />
            <fieldset aria-describedby="mode-hint">
              <legend className="font-semibold">Payments from abroad</legend>
              <p id="mode-hint" className="text-sm text-slate-700">
                Narrowing works at once; widening takes 24 hours. A trip always lets your card work where and when you said.
              </p>
              {fields.error("travel", "mode") ? <p className="text-sm font-semibold text-red-700">{fields.error("travel", "mode")}</p> : null}
              <ul className="mt-2 space-y-2">
                {TRAVEL_MODES.map((mode, index) => (
                  <li key={mode} className="flex items-center gap-2">
                    <input id={index === 0 ? "mode" : `mode-${mode}`} name="mode" type="radio" value={mode} defaultChecked={(fields.typed("travel", "mode") ?? travel.mode) === mode} className="h-5 w-5" />
                    <label htmlFor={index === 0 ? "mode" : `mode-${mode}`}>{TRAVEL_MODE_LABELS[mode]}</label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <TextField
              {...field("allowedCountries", travel.allowedCountries.join(", "))}
              label="Countries you allow"
              hint="Used with “home country and the countries I allow”. Two-letter codes separated by commas, like FR, ES"
            />
            <TextField {...field("blockedCountries", travel.blockedCountries.join(", "))} label="Countries to block" hint="Always declined, unless you add a trip there. Two-letter codes separated by commas" />
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
        <RemovableList items={trips} intent="cancel-trip" field="tripId" button={(trip) => ["Cancel trip", `to ${tripPlaces(trip)}`]} className="mt-3">
          {(trip) => (
            <p>
              {tripPlaces(trip)}
              <span className="block text-sm text-slate-700">
                {formatDayRange(trip.firstDay, trip.lastDay)}
                {trip.active ? " — happening now" : ""}
              </span>
            </p>
          )}
        </RemovableList>
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
