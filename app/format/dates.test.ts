import { formatDateTime, isCalendarDay } from "./dates";

describe("formatDateTime", () => {
  it("shows UTC whatever the process time zone, labelled", () => {
    expect(formatDateTime("2026-11-24T08:05:00.000Z")).toBe("24 Nov 2026, 08:05 UTC");
    expect(formatDateTime("2026-06-30T23:59:00.000Z")).toBe("30 Jun 2026, 23:59 UTC");
  });

  it("says Never for a missing date", () => {
    expect(formatDateTime(null)).toBe("Never");
  });
});

describe("isCalendarDay", () => {
  it("accepts days that exist and refuses, without throwing, what only looks like one", () => {
    for (const day of ["2026-11-30", "2028-02-29", "2026-12-31"]) expect(isCalendarDay(day)).toBe(true);
    for (const day of ["2026-13-45", "2027-02-29", "2026-04-31", "2026-00-10", "2026-1-1", "tomorrow", "", "2026-11-30T00:00:00Z", "+02026-11-30"]) expect(isCalendarDay(day)).toBe(false);
  });
});
