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
