import type { ReactNode, TextareaHTMLAttributes } from "react";

interface Props extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "className"> {
  id: string;
  label: string;
  hint?: ReactNode;
  /** one message, or several (each shown on its own line) */
  error?: string | readonly string[];
  /** source code (MDX): monospaced and smaller, so lines keep their shape */
  code?: boolean;
}

/**
 * The multi-line sibling of TextField: label, hint and errors are announced with the field.
 * It repeats FieldFrame's few lines of markup instead of importing it: the guide editor's pages
 * sit at the 100 KB first-load budget, and the import would bring TextField's module with it.
 */
export function TextAreaField({ id, label, hint, error, code = false, ...textarea }: Props) {
  const errors = error === undefined ? [] : typeof error === "string" ? [error] : error;
  const invalid = errors.length > 0;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-semibold">
        {label}
      </label>
      {hint ? <div id={`${id}-hint`} className="text-sm text-slate-600">{hint}</div> : null}
      {invalid ? (
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
        aria-invalid={invalid || undefined}
        aria-describedby={[hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(" ") || undefined}
        className={`block w-full rounded border-2 px-3 py-2 ${code ? "font-mono text-sm" : ""} ${invalid ? "border-red-700" : "border-slate-500"}`}
        {...textarea}
      />
    </div>
  );
}
