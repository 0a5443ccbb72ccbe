import type { CardControls, Trip } from "./types";

/**
 * Country codes come from card-network messages and from customer settings; compare
 * them case-insensitively so that "es" in a setting can never miss "ES" on a payment
 * and let a blocked country through.
 */
export function normalizeCountry(code: string): string {
  return code.trim().toUpperCase();
}

export function includesCountry(list: readonly string[], country: string): boolean {
  const wanted = normalizeCountry(country);
  return list.some((entry) => normalizeCountry(entry) === wanted);
}

/** A trip runs from `startsAt` inclusive to `endsAt` exclusive, so back-to-back trips never overlap. */
export function isTripActive(trip: Trip, now: Date): boolean {
  const at = now.getTime();
  return trip.startsAt.getTime() <= at && at < trip.endsAt.getTime();
}

export function activeTripCovers(trips: readonly Trip[], country: string, now: Date): boolean {
  return trips.some((trip) => isTripActive(trip, now) && includesCountry(trip.countries, country));
}

export type TravelVerdict = "allowed" | "country_blocked" | "country_not_allowed";

/**
 * A trip is the customer saying "I will be there", so it outranks both a blocked
 * country and the travel mode for its dates.
 */
export function travelVerdict(
  controls: Pick<CardControls, "travel" | "trips">,
  country: string,
  now: Date,
): TravelVerdict {
  if (activeTripCovers(controls.trips, country, now)) return "allowed";
  const { travel } = controls;
  if (includesCountry(travel.blockedCountries, country)) return "country_blocked";
  const isHome = normalizeCountry(travel.homeCountry) === normalizeCountry(country);
  switch (travel.mode) {
    case "anywhere":
      return "allowed";
    case "home_only":
      return isHome ? "allowed" : "country_not_allowed";
    case "home_and_allowed":
      return isHome || includesCountry(travel.allowedCountries, country) ? "allowed" : "country_not_allowed";
  }
}
