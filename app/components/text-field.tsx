import type { InputHTMLAttributes } from "react";
import { controlBorder, describedBy, FieldFrame } from "./field-frame";

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, "className"> {
  id: string;
  label: string;
  hint?: string;
  /** one message, or several (joined into one sentence) */
  error?: string | readonly string[];
  /** width classes of the input, in place of the usual full width up to 28rem */
  width?: string;
}

/** A labelled input whose hint and error are announced with it. */
export function TextField({ id, label, hint, error, width = "w-full max-w-md", ...input }: Props) {
  const errors = error === undefined ? [] : typeof error === "string" ? [error] : error;
  const invalid = errors.length > 0;
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      <input
        id={id}
        name={input.name ?? id}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy(id, { hint: Boolean(hint), invalid })}
        className={`block rounded border-2 px-3 py-2 ${width} ${controlBorder(invalid)}`}
        {...input}
      />
    </FieldFrame>
  );
}
