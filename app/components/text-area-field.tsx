import type { ReactNode, TextareaHTMLAttributes } from "react";

interface Props extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  id: string;
  label: string;
  hint?: ReactNode;
  /** one message, or several (each shown on its own line) */
  error?: string | string[];
}

/** The multi-line sibling of TextField: label, hint and errors are announced with the field. */
export function TextAreaField({ id, label, hint, error, className, ...textarea }: Props) {
  const errors = error === undefined ? [] : Array.isArray(error) ? error : [error];
  const describedBy = [hint ? `${id}-hint` : null, errors.length > 0 ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-semibold">
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </div>
      ) : null}
      {errors.length > 0 ? (
        <ul id={`${id}-error`} className="space-y-1 text-sm font-semibold text-red-700">
          {errors.map((message) => (
            <li key={message}>
              <span className="sr-only">Error: </span>
              {message}
            </li>
          ))}
        </ul>
      ) : null}
      <textarea
        id={id}
        name={textarea.name ?? id}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={describedBy}
        className={`block w-full rounded border-2 px-3 py-2 font-mono text-sm ${errors.length > 0 ? "border-red-700" : "border-slate-500"} ${className ?? ""}`}
        {...textarea}
      />
    </div>
  );
}
