import type { ReactNode, SelectHTMLAttributes } from "react";
import { controlBorder, describedBy, FieldFrame } from "./field-frame";

interface Props extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "className"> {
  id: string;
  label: string;
  hint?: string;
  error?: string | readonly string[];
  /** the options, as { value, label } (a value of "" is the "choose" prompt) */
  options: readonly { value: string | number; label: ReactNode }[];
}

/** A labelled drop-down, announced with its hint and error like TextField. */
export function SelectField({ id, label, hint, error, options, ...select }: Props) {
  const errors = error === undefined ? [] : typeof error === "string" ? [error] : error;
  const invalid = errors.length > 0;
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      <select
        id={id}
        name={select.name ?? id}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy(id, { hint: Boolean(hint), invalid })}
        className={`block rounded border-2 px-3 py-2 ${controlBorder(invalid)}`}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
