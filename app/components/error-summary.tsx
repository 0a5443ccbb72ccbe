import { useEffect, useRef } from "react";

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The GOV.UK pattern: a focused summary at the top that links to each field in error,
 * so keyboard and screen-reader users land on the problem straight away.
 */
export function ErrorSummary({ errors, title = "There is a problem" }: { errors: FieldError[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title" className="mb-6 rounded border-2 border-red-700 bg-red-50 p-4">
      <h2 id="error-summary-title" className="text-lg font-semibold text-red-800">
        {title}
      </h2>
      <ul className="mt-2 list-disc pl-5">
        {errors.map((error) => (
          <li key={`${error.field}-${error.message}`}>
            <a href={`#${error.field}`} className="text-red-800">
              {error.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
