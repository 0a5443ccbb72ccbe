/** Spending periods are calendar periods in UTC: the day, the ISO week (from Monday) and the month. */
export function periodStarts(now: Date): { day: Date; week: Date; month: Date; tenMinutesAgo: Date } {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const sinceMonday = (now.getUTCDay() + 6) % 7;
  return {
    day,
    week: new Date(day.getTime() - sinceMonday * 86_400_000),
    month: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    tenMinutesAgo: new Date(now.getTime() - 10 * 60 * 1000),
  };
}
