// One date style everywhere ("24 Sep 2026"), built by hand: ICU writes "Sept" for September in
// en-GB on some versions and not others, and the same text must come out on server and client
// (fixed locale and UTC), so hydration never disagrees and no date library reaches the browser.
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

const pad = (value: number) => String(value).padStart(2, "0");
const dayOf = (date: Date) => `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
const timeOf = (date: Date) => `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
const calendarDay = (day: string) => new Date(`${day}T00:00:00.000Z`);

/** Dates are stored in UTC and shown in UTC, labelled, so staff and customers read the same time: "24 Nov 2026, 08:05 UTC". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "Never";
  const date = new Date(iso);
  return `${dayOf(date)}, ${timeOf(date)} UTC`;
}

/** The same moment without the year and zone, for a sentence: "1 Dec 10:22". */
export function formatShortDateTime(iso: string): string {
  const date = new Date(iso);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${timeOf(date)}`;
}

/** A calendar day ("2026-12-20") or an instant, as a day: "20 Dec 2026". */
export function formatDay(day: string): string {
  return dayOf(day.length === 10 ? calendarDay(day) : new Date(day));
}

/** Two calendar days as people write a range: "1–12 Dec 2026", "28 Nov – 3 Dec 2026", "30 Dec 2026 – 2 Jan 2027". */
export function formatDayRange(first: string, last: string): string {
  const from = calendarDay(first);
  const to = calendarDay(last);
  if (first === last) return dayOf(from);
  if (from.getUTCFullYear() !== to.getUTCFullYear()) return `${dayOf(from)} – ${dayOf(to)}`;
  if (from.getUTCMonth() !== to.getUTCMonth()) return `${from.getUTCDate()} ${MONTHS[from.getUTCMonth()]} – ${dayOf(to)}`;
  return `${from.getUTCDate()}–${dayOf(to)}`;
}

/** A calendar month ("2026-09") as a column heading: "Sep 2026". */
export function formatMonth(month: string): string {
  const date = new Date(`${month}-01T00:00:00.000Z`);
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
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
