import type { ReactNode } from "react";
import { IntentForm } from "./controls-section";

/**
 * Rows that each carry one button taking the row away (a waiting change, a trip, a blocked
 * merchant). The button's visible word is short; the rest of `button` is for screen readers,
 * so every button names what it removes.
 */
export function RemovableList<T extends { id: string }>(props: {
  items: readonly T[];
  intent: string;
  field: string;
  button: (item: T) => [label: string, what: string];
  none?: string;
  className?: string;
  children: (item: T) => ReactNode;
}) {
  const { items, intent, field, button, none, className = "", children } = props;
  if (items.length === 0) return none ? <p className={className}>{none}</p> : null;
  return (
    <ul className={`space-y-3 ${className}`}>
      {items.map((item) => {
        const [label, what] = button(item);
        return (
          <li key={item.id} className="flex flex-wrap items-center justify-between gap-3 rounded border border-slate-200 p-3">
            {children(item)}
            <IntentForm intent={intent} formKey={`${intent}:${item.id}`}>
              <input type="hidden" name={field} value={item.id} />
              <button type="submit" className="rounded border border-slate-500 px-3 py-1.5">
                {label}<span className="sr-only"> {what}</span>
              </button>
            </IntentForm>
          </li>
        );
      })}
    </ul>
  );
}
