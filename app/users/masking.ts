/**
 * What staff see before a reveal: enough to match what a caller says, never enough to
 * use. The bullet is U+2022; screen readers read it as "bullet", so the visible mask is
 * paired with words where it is shown.
 */
export const MASK = "•";

/** "alice@example.com" → "a•••@example.com" */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return MASK.repeat(3);
  return `${email.slice(0, 1)}${MASK.repeat(3)}${email.slice(at)}`;
}

/** "+44 7700 900123" → "+44 •••• ••• 123" (country code and last three digits kept) */
export function maskPhone(parts: { countryCode: string; last3: string } | null): string {
  if (!parts) return `${MASK.repeat(4)} ${MASK.repeat(3)}`;
  return `+${parts.countryCode} ${MASK.repeat(4)} ${MASK.repeat(3)} ${parts.last3}`;
}

/** "6160" → "•••• 6160" */
export function maskCard(last4: string): string {
  return `${MASK.repeat(4)} ${last4}`;
}

/** "48210937" → "4821 0937": read out in two groups on the phone */
export function formatCustomerNumber(number: string | null): string {
  if (!number) return "—";
  return `${number.slice(0, 4)} ${number.slice(4)}`;
}
