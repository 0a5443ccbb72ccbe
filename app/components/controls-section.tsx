import type { ReactNode } from "react";
import { AuthenticityField } from "./authenticity-field";
import { ConfirmableForm } from "./change-confirmation";

/** Shared by the card page, the card controls page and its sections. */
export const buttonClass = "rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800";

/** What the last refused submission said about a field, so it shows beside that field. */
export interface FieldState {
  error(intent: string, field: string): string | undefined;
  /** the value the person typed, to show again instead of the stored one */
  typed(intent: string, field: string): string | undefined;
}

/** A titled panel; `attention` tints it amber for what is about to change. */
export function Section({ id, title, attention = false, children }: { id: string; title: string; attention?: boolean; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className={`mb-8 rounded-lg border p-4 ${attention ? "border-amber-700 bg-amber-50" : "border-slate-300 bg-white"}`}>
      <h2 id={`${id}-title`} className="mb-3 text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * A controls form: the token, the intent the action dispatches on, and a passkey confirmation
 * when the change loosens something (`formKey` tells confirmations of one form from another's).
 */
export function IntentForm({ intent, formKey = intent, className, children }: { intent: string; formKey?: string; className?: string; children: ReactNode }) {
  return (
    <ConfirmableForm formKey={formKey} className={className}>
      <AuthenticityField />
      <input type="hidden" name="intent" value={intent} />
      {children}
    </ConfirmableForm>
  );
}
