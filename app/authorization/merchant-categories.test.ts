import {
  BLOCKABLE_CATEGORY_GROUPS,
  CATEGORY_GROUP_LABELS,
  CATEGORY_GROUP_PHRASES,
  CATEGORY_GROUPS,
  categoryGroupFor,
  categoryLabel,
  HIGH_RISK_GROUPS,
  isBlockableCategoryGroup,
  isHighRiskGroup,
  isValidMcc,
} from "./merchant-categories";

describe("categoryGroupFor", () => {
  test.each([
    ["7995", "gambling"],
    ["7800", "gambling"],
    ["7801", "gambling"],
    ["7802", "gambling"],
    ["6051", "crypto"],
    ["5967", "adult"],
    ["7273", "adult"],
    ["6010", "cash_like"],
    ["6011", "cash_like"],
    ["6012", "cash_like"],
    ["4829", "cash_like"],
    ["6540", "cash_like"],
    ["6538", "cash_like"],
    ["5411", "groceries"],
    ["5499", "groceries"],
    ["5812", "restaurants"],
    ["5814", "restaurants"],
    ["3000", "travel"],
    ["3350", "travel"],
    ["4511", "travel"],
    ["7011", "travel"],
    ["4722", "travel"],
    ["4411", "travel"],
    ["4111", "transport"],
    ["4789", "transport"],
    ["5541", "fuel"],
    ["5542", "fuel"],
    ["5200", "retail"],
    ["5999", "retail"],
    ["7832", "entertainment"],
    ["7996", "entertainment"],
    ["4900", "utilities"],
    ["4814", "utilities"],
    ["5912", "health"],
    ["8062", "health"],
    ["5815", "subscriptions"],
    ["5818", "subscriptions"],
  ] as const)("%s is %s", (mcc, group) => {
    expect(categoryGroupFor(mcc)).toBe(group);
  });

  test("falls back to other for unknown or malformed codes", () => {
    for (const mcc of ["0000", "2999", "9999", "", "799", "79950", "abcd", " 5411", "5411 ", "toString", "__proto__"]) {
      expect(categoryGroupFor(mcc)).toBe("other");
    }
  });

  test("validates the four-digit shape", () => {
    expect(isValidMcc("5411")).toBe(true);
    expect(isValidMcc("541")).toBe(false);
    expect(isValidMcc("54a1")).toBe(false);
  });
});

describe("groups", () => {
  test("blockable and high-risk groups are as the product defines them", () => {
    expect([...BLOCKABLE_CATEGORY_GROUPS]).toEqual(["gambling", "crypto", "adult", "cash_like"]);
    expect([...HIGH_RISK_GROUPS]).toEqual(["gambling", "crypto", "cash_like"]);
    expect(isHighRiskGroup("adult")).toBe(false);
    expect(isHighRiskGroup("crypto")).toBe(true);
    expect(isBlockableCategoryGroup("gambling")).toBe(true);
    expect(isBlockableCategoryGroup("groceries")).toBe(false);
  });

  test("every group has a label and a phrase", () => {
    for (const group of CATEGORY_GROUPS) {
      expect(CATEGORY_GROUP_LABELS[group].length).toBeGreaterThan(0);
      expect(CATEGORY_GROUP_PHRASES[group].length).toBeGreaterThan(0);
      expect(categoryLabel(group)).toBe(CATEGORY_GROUP_LABELS[group]);
    }
  });
});
