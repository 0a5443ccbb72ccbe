import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useSubmit } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";
import { StepUpDialog } from "~/components/step-up-dialog";
import { REVEAL_REASONS } from "./reveal-options";

interface Props {
  lastResult: SubmissionResult<string[]> | undefined;
  fields: { value: string; label: string }[];
  defaultField: string;
  customerName: string;
  csrfToken: string;
}

function RadioGroup({ id, legend, name, options, selected, errors }: { id: string; legend: string; name: string; options: { value: string; label: string }[]; selected: string; errors?: string[] }) {
  return (
    <fieldset aria-describedby={errors ? `${id}-error` : undefined}>
      <legend className="font-semibold">{legend}</legend>
      {errors ? (
        <p id={`${id}-error`} className="text-sm font-semibold text-red-700">
          <span className="sr-only">Error: </span>
          {errors.join(". ")}
        </p>
      ) : null}
      <div className="mt-2 space-y-2">
        {options.map((option, index) => (
          <label key={option.value} className="flex items-center gap-2">
            <input type="radio" id={index === 0 ? id : `${id}-${option.value}`} name={name} value={option.value} defaultChecked={selected === option.value} className="h-5 w-5" />
            <span>{option.label.charAt(0).toUpperCase() + option.label.slice(1)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * Which detail and why, then a passkey confirmation for this reveal every time: the dialog
 * opens on every submit, whatever passkey was used before.
 */
export function RevealRequestForm({ lastResult, fields: choices, defaultField, customerName, csrfToken }: Props) {
  const submit = useSubmit();
  const [held, setHeld] = useState<HTMLFormElement | null>(null);
  const [form, fields] = useForm<{ field: string; reason: string; note: string }>({ lastResult, shouldValidate: "onSubmit", defaultValue: { field: defaultField, reason: "", note: "" } });
  const formProps = getFormProps(form);
  const errors = [
    ...(form.errors ?? []).map((message) => ({ field: `${fields.field.id}`, message })),
    ...(fields.field.errors ?? []).map((message) => ({ field: fields.field.id, message })),
    ...(fields.reason.errors ?? []).map((message) => ({ field: fields.reason.id, message })),
    ...(fields.note.errors ?? []).map((message) => ({ field: fields.note.id, message })),
  ];
  const reasons = Object.entries(REVEAL_REASONS).map(([value, label]) => ({ value, label: value === "other" ? "Another reason (say which below)" : label }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    formProps.onSubmit(event);
    if (event.defaultPrevented) return;
    // An incomplete request goes straight to the server, which answers with the problems
    // before any passkey is asked for; a complete one is held until the passkey confirms it.
    const values = new FormData(event.currentTarget);
    const reason = String(values.get(fields.reason.name) ?? "");
    const note = String(values.get(fields.note.name) ?? "").trim();
    if (!reason || (reason === "other" && note.length < 5)) return;
    event.preventDefault();
    setHeld(event.currentTarget);
  }

  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" {...formProps} onSubmit={onSubmit} className="max-w-2xl space-y-6 rounded-lg border border-slate-300 bg-white p-4">
        <AuthenticityField />
        <RadioGroup id={fields.field.id} legend="Which detail" name={fields.field.name} options={choices} selected={fields.field.value ?? defaultField} errors={fields.field.errors} />
        <RadioGroup id={fields.reason.id} legend="Why you need to see it" name={fields.reason.name} options={reasons} selected={fields.reason.value ?? ""} errors={fields.reason.errors} />
        <div className="space-y-1">
          <label htmlFor={fields.note.id} className="block font-semibold">
            Note (optional unless you chose another reason)
          </label>
          <p id={`${fields.note.id}-hint`} className="text-sm text-slate-600">
            The customer reads this on their security timeline. Don't write their details here.
          </p>
          {fields.note.errors ? (
            <p id={fields.note.errorId} className="text-sm font-semibold text-red-700">
              <span className="sr-only">Error: </span>
              {fields.note.errors.join(". ")}
            </p>
          ) : null}
          <textarea
            {...getTextareaProps(fields.note, { ariaDescribedBy: `${fields.note.id}-hint` })}
            key={fields.note.key}
            rows={2}
            maxLength={200}
            className={`block w-full rounded border-2 px-3 py-2 ${fields.note.errors ? "border-red-700" : "border-slate-500"}`}
          />
        </div>
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          Confirm with passkey and reveal
        </button>
      </Form>
      <StepUpDialog
        open={held !== null}
        purpose={`reveal ${customerName}'s details`.slice(0, 80)}
        csrfToken={csrfToken}
        onCancel={() => setHeld(null)}
        onConfirmed={() => {
          const target = held;
          setHeld(null);
          if (target) submit(target);
        }}
      />
    </>
  );
}
