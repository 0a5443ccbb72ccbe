// The platform's formatter: no date library in the browser bundle, and the same text on
// server and client (fixed locale and time zone), so hydration never disagrees.
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

/** Dates are stored in UTC and shown in UTC, labelled, so staff and customers read the same time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "Never";
  return `${DATE_TIME.format(new Date(iso))} UTC`;
}

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** A calendar day ("2026-12-20") as people write it: "20 December 2026". */
export function formatDay(day: string): string {
  return DAY.format(new Date(`${day}T00:00:00.000Z`));
}

/**
 * Whether "YYYY-MM-DD" names a day that exists. `new Date("2026-13-45…")` is an Invalid Date whose
 * toISOString() throws a RangeError, so no validator may compare through it unguarded.
 */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
