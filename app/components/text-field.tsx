import type { InputHTMLAttributes, ReactNode } from "react";

/** Why a field was refused, in one sentence; the id is what the control's aria-describedby names, so it is read out with the field. */
export function ErrorMessage({ id, errors }: { id: string; errors: readonly string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="text-sm font-semibold text-red-700">
      <span className="sr-only">Error: </span>
      {errors.join(". ")}
    </p>
  );
}

/** The border of a text control: red while it holds a refused value, so the error is not told by words alone. */
export function controlBorder(invalid: boolean) {
  return invalid ? "border-red-700" : "border-slate-500";
}

/**
 * The errors of a field as a list, and the attributes its control needs to be announced with
 * its hint and error (aria-describedby lists the ids FieldFrame gives them).
 */
export function fieldControl(id: string, { name, hint, error }: { name?: string; hint?: unknown; error?: string | readonly string[] }) {
  const errors = error === undefined ? [] : typeof error === "string" ? [error] : error;
  const invalid = errors.length > 0;
  const describedBy = [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return { errors, invalid, control: { id, name: name ?? id, "aria-invalid": invalid ? true : undefined, "aria-describedby": describedBy } };
}

/**
 * Label, hint and error stacked above one control (the children), with the ids
 * `${id}-hint` and `${id}-error` that the control's aria-describedby points at.
 * `error` replaces the one-sentence message (TextAreaField lists its messages).
 */
export function FieldFrame({ id, label, hint, errors, error, children }: { id: string; label: ReactNode; hint?: ReactNode; errors?: readonly string[]; error?: ReactNode; children: ReactNode }) {
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
      {error ?? <ErrorMessage id={`${id}-error`} errors={errors} />}
      {children}
    </div>
  );
}

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
