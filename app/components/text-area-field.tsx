import type { ReactNode, TextareaHTMLAttributes } from "react";
import { controlBorder, FieldFrame, fieldControl } from "./text-field";

interface Props extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "className"> {
  id: string;
  label: string;
  hint?: ReactNode;
  /** one message, or several (each shown on its own line) */
  error?: string | readonly string[];
  /** source code (MDX): monospaced and smaller, so lines keep their shape */
  code?: boolean;
}

/** Each message on its own line: a guide's MDX can be refused for several reasons at once. */
function ErrorList({ id, errors }: { id: string; errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <ul id={id} className="space-y-1 text-sm font-semibold text-red-700">
      {errors.map((message) => (
        <li key={message}>
          <span className="sr-only">Error: </span>
          {message}
        </li>
      ))}
    </ul>
  );
}

/** The multi-line sibling of TextField: label, hint and errors are announced with the field. */
export function TextAreaField({ id, label, hint, error, code = false, ...textarea }: Props) {
  const { errors, invalid, control } = fieldControl(id, { name: textarea.name, hint, error });
  return (
    <FieldFrame id={id} label={label} hint={hint} error={<ErrorList id={`${id}-error`} errors={errors} />}>
      <textarea {...control} className={`block w-full rounded border-2 px-3 py-2 ${code ? "font-mono text-sm" : ""} ${controlBorder(invalid)}`} {...textarea} />
    </FieldFrame>
  );
}
