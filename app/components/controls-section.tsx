import type { ReactNode } from "react";

/** Shared by the card page, the card controls page and its sections. */
export const buttonClass = "rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800";

/** What the last refused submission said about a field, so it shows beside that field. */
export interface FieldState {
  error(intent: string, field: string): string | undefined;
  /** the value the person typed, to show again instead of the stored one */
  typed(intent: string, field: string): string | undefined;
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="mb-8 rounded-lg border border-slate-300 bg-white p-4">
      <h2 id={`${id}-title`} className="mb-3 text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
