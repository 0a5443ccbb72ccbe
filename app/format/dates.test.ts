import { formatDateTime, formatDay, formatDayRange, formatShortDateTime, isCalendarDay } from "./dates";

describe("dates in one style", () => {
  it("shows UTC whatever the process time zone, labelled", () => {
    expect(formatDateTime("2026-11-24T08:05:00.000Z")).toBe("24 Nov 2026, 08:05 UTC");
    expect(formatDateTime("2026-06-30T23:59:00.000Z")).toBe("30 Jun 2026, 23:59 UTC");
  });

  it("writes September as Sep, like every other month", () => {
    expect(formatDay("2026-09-24")).toBe("24 Sep 2026");
    expect(formatDay("2026-09-24T22:10:00.000Z")).toBe("24 Sep 2026");
    expect(formatShortDateTime("2026-12-01T10:22:00.000Z")).toBe("1 Dec 10:22");
  });

  it("writes a range of days as people do", () => {
    expect(formatDayRange("2026-12-01", "2026-12-12")).toBe("1–12 Dec 2026");
    expect(formatDayRange("2026-11-28", "2026-12-03")).toBe("28 Nov – 3 Dec 2026");
    expect(formatDayRange("2026-12-30", "2027-01-02")).toBe("30 Dec 2026 – 2 Jan 2027");
    expect(formatDayRange("2026-12-05", "2026-12-05")).toBe("5 Dec 2026");
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
