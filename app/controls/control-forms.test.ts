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

const schema = controlsFormSchema("GBP", "2026-11-30");
const messages = (input: Record<string, string>) => {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe("amount fields", () => {
  it("tells a customer who types 0 to leave the field empty instead", () => {
    expect(messages({ intent: "amount-blocks", amount_online: "0" })).toEqual(["0 is not a block amount — leave it empty for no block"]);
    expect(messages({ intent: "amount-blocks", amount_online: "0.00" })).toEqual(["0 is not a block amount — leave it empty for no block"]);
    expect(messages({ intent: "limits", limit_daily: "0" })).toEqual(["0 is not a limit amount — leave it empty for no limit"]);
  });

  it("accepts an empty field as no block and an amount as minor units", () => {
    const result = schema.parse({ intent: "amount-blocks", amount_online: "20", amount_atm: "" });
    expect(result).toMatchObject({ amount_online: 20_00, amount_atm: null });
    expect(messages({ intent: "amount-blocks", amount_online: "abc" })).toEqual(["Enter the largest online payment as an amount like 50 or 49.99, or leave it empty for no block"]);
  });
});
