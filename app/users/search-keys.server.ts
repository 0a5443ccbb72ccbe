import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/**
 * How people are looked up without reading their encrypted details. Each function turns what
 * a person or a staff member typed into the one form that is stored or hashed, so the same
 * name, number or phone typed differently still finds the same person.
 */

/** Case- and accent-folded, single-spaced: "  José  ÁLVAREZ" → "jose alvarez". */
export function foldName(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

// Numbers typed without a country code are read as British: the bank's home market.
const DEFAULT_COUNTRY = "GB";

/** E.164 ("+447700900101") for a number that can exist, or null. */
export function normalisePhone(input: string): string | null {
  const phone = parsePhoneNumberFromString(input.trim(), DEFAULT_COUNTRY);
  if (!phone || !phone.isPossible()) return null;
  return phone.number;
}

/** The parts a masked phone number keeps: country code and last three digits. */
export function phoneMaskParts(input: string): { countryCode: string; last3: string } | null {
  const phone = parsePhoneNumberFromString(input.trim(), DEFAULT_COUNTRY);
  if (!phone) return null;
  return { countryCode: phone.countryCallingCode, last3: phone.nationalNumber.slice(-3) };
}

/** Eight digits; spaces and dashes people type between groups are ignored. */
export function normaliseCustomerNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  return /^[1-9]\d{7}$/.test(digits) ? digits : null;
}
