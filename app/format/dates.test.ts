import { formatDateTime } from "./dates";

describe("formatDateTime", () => {
  it("shows UTC whatever the process time zone, labelled", () => {
    expect(formatDateTime("2026-11-24T08:05:00.000Z")).toBe("24 Nov 2026, 08:05 UTC");
    expect(formatDateTime("2026-06-30T23:59:00.000Z")).toBe("30 Jun 2026, 23:59 UTC");
  });

  it("says Never for a missing date", () => {
    expect(formatDateTime(null)).toBe("Never");
  });
});
