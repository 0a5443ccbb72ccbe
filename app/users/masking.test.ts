import { formatCustomerNumber, maskCard, maskEmail, maskPhone } from "./masking";
import { foldName, normaliseCustomerNumber, normalisePhone, phoneMaskParts } from "./search-keys.server";

describe("masking", () => {
  it("keeps the first letter and the domain of an email", () => {
    expect(maskEmail("alice@example.com")).toBe("a•••@example.com");
    expect(maskEmail("Z@x.io")).toBe("Z•••@x.io");
    expect(maskEmail("not-an-email")).toBe("•••");
  });

  it("keeps the country code and last three digits of a phone, however it was typed", () => {
    expect(maskPhone(phoneMaskParts("+44 7700 900123"))).toBe("+44 •••• ••• 123");
    expect(maskPhone(phoneMaskParts("07700 900123"))).toBe("+44 •••• ••• 123");
    expect(maskPhone(phoneMaskParts("+1 415 555 0199"))).toBe("+1 •••• ••• 199");
  });

  it("shows a card by its last four and a customer number in two groups", () => {
    expect(maskCard("6160")).toBe("•••• 6160");
    expect(formatCustomerNumber("48210937")).toBe("4821 0937");
  });
});

describe("search keys", () => {
  it("folds case, accents and spacing out of names", () => {
    expect(foldName("  Zoë   ÅNGSTRÖM ")).toBe("zoe angstrom");
    expect(foldName("José Álvarez-Núñez")).toBe("jose alvarez-nunez");
  });

  it("normalises phone numbers to E.164 and refuses impossible ones", () => {
    expect(normalisePhone("07700 900123")).toBe("+447700900123");
    expect(normalisePhone("+44 (0)7700-900123")).toBe("+447700900123");
    expect(normalisePhone("0044 7700 900123")).toBe("+447700900123");
    expect(normalisePhone("12")).toBeNull();
    expect(normalisePhone("not a phone")).toBeNull();
  });

  it("accepts eight-digit customer numbers typed with spaces or dashes", () => {
    expect(normaliseCustomerNumber("4821 0937")).toBe("48210937");
    expect(normaliseCustomerNumber("4821-0937")).toBe("48210937");
    expect(normaliseCustomerNumber("0821 0937")).toBeNull();
    expect(normaliseCustomerNumber("4821093")).toBeNull();
  });
});
