import type { FieldError } from "./error-summary";

/**
 * The error summary's entries, in the form's order: each names the control to link to, then
 * the lists of messages shown at it (form-level errors can be listed at the first field).
 */
export function summaryEntries(...entries: [field: string, ...messages: (readonly string[] | undefined)[]][]): FieldError[] {
  return entries.flatMap(([field, ...lists]) => lists.flatMap((list) => (list ?? []).map((message) => ({ field, message }))));
}
