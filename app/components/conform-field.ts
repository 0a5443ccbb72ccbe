/** The part of a Conform field a labelled control needs; `also` adds form-level errors shown at this field. */
export function conformField(field: { id: string; name: string; initialValue?: string; errors?: string[] }, also?: readonly string[]) {
  const errors = [...(also ?? []), ...(field.errors ?? [])];
  return { id: field.id, name: field.name, defaultValue: field.initialValue, error: errors.length > 0 ? errors : undefined };
}
