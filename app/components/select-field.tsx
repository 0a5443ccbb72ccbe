import type { ReactNode, SelectHTMLAttributes } from "react";
import { controlBorder, FieldFrame, fieldControl } from "./text-field";

interface Props extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "className"> {
  id: string;
  label: string;
  hint?: string;
  error?: string | readonly string[];
  /** the choices in order; a value of "" is the "choose" prompt or "all" */
  options: readonly { value: string | number; label: ReactNode }[];
}

/** A labelled drop-down, announced with its hint and error like TextField. */
export function SelectField({ id, label, hint, error, options, ...select }: Props) {
  const { errors, invalid, control } = fieldControl(id, { name: select.name, hint, error });
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      <select {...control} className={`block rounded border-2 px-3 py-2 ${controlBorder(invalid)}`} {...select}>
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
    </FieldFrame>
  );
}
