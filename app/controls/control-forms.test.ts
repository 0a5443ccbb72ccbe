import { controlsFormSchema } from "./control-forms";

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
