import { UAParser } from "ua-parser-js";

/** "Chrome on Linux" — enough for a person to recognise their own device. */
export function deviceLabel(userAgent: string): string {
  const { browser, os } = UAParser(userAgent);
  const name = browser.name ?? "Unknown browser";
  return os.name ? `${name} on ${os.name}` : name;
}
