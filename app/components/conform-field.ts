import type { FieldError } from "./error-summary";

/** What a labelled control needs from a field of the Conform reply (useReplyForm); `also` adds form-level errors shown at this field. */
export function conformField(field: { id: string; name: string; initialValue?: string; errors?: string[] }, also?: readonly string[]) {
  const errors = [...(also ?? []), ...(field.errors ?? [])];
  return { id: field.id, name: field.name, defaultValue: field.initialValue, error: errors.length > 0 ? errors : undefined };
}

/**
 * The error summary's entries, in the form's order: each names the control to link to, then
 * the lists of messages shown at it (form-level errors can be listed at the first field).
 */
export function summaryEntries(...entries: [field: string, ...messages: (readonly string[] | undefined)[]][]): FieldError[] {
  return entries.flatMap(([field, ...lists]) => lists.flatMap((list) => (list ?? []).map((message) => ({ field, message }))));
}
