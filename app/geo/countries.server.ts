import { createRequire } from "node:module";
import countries, { type LocaleData } from "i18n-iso-countries";

/**
 * The one list of countries the bank accepts: ISO 3166-1 alpha-2 as i18n-iso-countries keeps
 * it (updated when the ISO maintenance agency changes the standard), which also carries XK
 * for Kosovo — not assigned by ISO, but what card networks send for payments made there.
 * Two letters are not enough: "XX", "ZZ", "UK" or "SU" have the shape of a code and name no
 * country a card network will ever send.
 */
let alpha2: ReadonlySet<string> | undefined;

export function isCountryCode(value: string): boolean {
  alpha2 ??= new Set(Object.keys(countries.getAlpha2Codes()));
  return alpha2.has(value);
}

let englishLoaded = false;

function english(): void {
  if (englishLoaded) return;
  // The locale ships as JSON beside the package; require keeps it out of any bundle step.
  countries.registerLocale(createRequire(import.meta.url)("i18n-iso-countries/langs/en.json") as LocaleData);
  englishLoaded = true;
}

export type CountryInput = { ok: true; code: string } | { ok: false; suggestion: string | null };

/**
 * What a person typed ("ES", "es", "ESP", "Spain") as an alpha-2 code, for people and
 * development tools only: the card network must send the code itself. A two-letter guess
 * that is no code ("SP", "UK") is refused, with the code the name most likely meant.
 */
export function countryFromInput(input: string): CountryInput {
  const text = input.trim();
  const upper = text.toUpperCase();
  if (isCountryCode(upper)) return { ok: true, code: upper };
  english();
  if (/^[A-Z]{3}$/.test(upper)) {
    const code = countries.alpha3ToAlpha2(upper);
    if (code && isCountryCode(code)) return { ok: true, code };
  }
  const named = text.length > 2 ? countries.getAlpha2Code(text, "en") : undefined;
  if (named && isCountryCode(named)) return { ok: true, code: named };
  const suggestion = countries.getAlpha2Code(text, "en") ?? null;
  return { ok: false, suggestion: suggestion && isCountryCode(suggestion) ? suggestion : null };
}

/** English name of a code, or the code itself when the list has no name for it. */
export function countryEnglishName(code: string): string {
  english();
  return countries.getName(code, "en") ?? code;
}

/** Every code with its English name, sorted by name: for a development page's select. */
export function countryChoices(): { code: string; name: string }[] {
  english();
  return Object.entries(countries.getNames("en", { select: "official" }))
    .filter(([code]) => isCountryCode(code))
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, "en"));
}
