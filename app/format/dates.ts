import { format } from "date-fns";

/** Dates are stored in UTC and shown in UTC, labelled, so staff and customers read the same time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "Never";
  const date = new Date(iso);
  return `${format(new Date(date.getTime() + date.getTimezoneOffset() * 60_000), "d MMM yyyy, HH:mm")} UTC`;
}
