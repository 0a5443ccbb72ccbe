import { filterQuery, filterValues, parseTransactionFilters } from "./transaction-filters";

const parse = (query: string) => parseTransactionFilters(new URLSearchParams(query), "GBP");

describe("transaction filters", () => {
  it("accepts an empty form as no filters, page 1", () => {
    expect(parse("")).toMatchObject({ ok: true, filters: { from: null, to: null, minMinor: null, maxMinor: null, q: null, page: 1 } });
  });

  it("parses dates, amounts in minor units without floats, a search and a page", () => {
    expect(parse("from=2026-10-01&to=2026-10-31&min=0.10&max=1,250.50&q=+tesco+&page=3")).toMatchObject({
      ok: true,
      filters: { from: "2026-10-01", to: "2026-10-31", minMinor: 10, maxMinor: 125_050, q: "tesco", page: 3 },
    });
  });

  it.each([
    ["from=2026-02-30", "from"],
    ["to=yesterday", "to"],
    ["from=2026-11-02&to=2026-11-01", "to"],
    ["min=12.345", "min"],
    ["min=-5", "min"],
    ["max=1e3", "max"],
    ["min=50&max=10", "max"],
    ["page=0", "page"],
    ["page=abc", "page"],
    [`q=${"x".repeat(101)}`, "q"],
  ])("refuses %s with an error on %s", (query, field) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    expect(Object.keys(result.reply.error ?? {})).toEqual([field]);
  });

  it("keeps what was typed so the form can show it again, never more than 200 characters of a field", () => {
    expect(filterValues(parse("min=abc&q=rent").reply)).toEqual({ from: "", to: "", min: "abc", max: "", q: "rent" });
    expect(filterValues(parse(`from=${"9".repeat(5000)}`).reply).from).toHaveLength(200);
  });

  it("writes the filters back as a query string, with the page only past 1", () => {
    expect(filterQuery({ from: "2026-10-01", to: "", min: "", max: "5", q: "a&b" }, 2)).toBe("?from=2026-10-01&max=5&q=a%26b&page=2");
    expect(filterQuery({ from: "", to: "", min: "", max: "", q: "" }, 1)).toBe("");
  });
});
