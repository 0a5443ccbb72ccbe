import type { InputHTMLAttributes } from "react";
import { controlBorder, FieldFrame, fieldControl } from "./field-frame";

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
  const { errors, invalid, control } = fieldControl(id, { name: input.name, hint, error });
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      <input {...control} className={`block rounded border-2 px-3 py-2 ${width} ${controlBorder(invalid)}`} {...input} />
    </FieldFrame>
  );
}
