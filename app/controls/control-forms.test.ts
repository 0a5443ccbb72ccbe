import { controlsFormSchema } from "./control-forms";

const TODAY = "2026-11-30";
const trip = (tripStart: string, tripEnd: string) => controlsFormSchema("GBP", TODAY).safeParse({ intent: "add-trip", tripCountries: "ES", tripStart, tripEnd });

describe("trip dates", () => {
  it("names an impossible date in the field's own words instead of throwing", () => {
    const result = trip("2026-13-45", "2026-12-20");
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["tripStart"], message: "Enter the first day of your trip as a real date: 2026-13-45 is not a day of the calendar" })]);
  });

  it("gives one message for text that is not a date at all", () => {
    const result = trip("2026-12-20", "next friday");
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["tripEnd"], message: "Enter the last day of your trip as a date, like 2026-12-20" })]);
  });

  it("still accepts a real trip", () => {
    expect(trip("2026-12-20", "2026-12-27").success).toBe(true);
  });
});
