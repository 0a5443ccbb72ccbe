import { formProps, textareaProps, useReplyForm, type FormReply } from "~/forms/reply-form";
import { AuthenticityField } from "~/components/authenticity-field";
import { ConfirmableForm } from "~/components/change-confirmation";
import { ErrorSummary } from "~/components/error-summary";
import { summaryEntries } from "~/components/summary-entries";
import { controlBorder, ErrorMessage, FieldFrame } from "~/components/text-field";
import { REVEAL_REASONS } from "./reveal-options";

interface Props {
  lastResult: FormReply | undefined;
  fields: { value: string; label: string }[];
  defaultField: string;
}

function RadioGroup({ id, legend, name, options, selected, errors }: { id: string; legend: string; name: string; options: { value: string; label: string }[]; selected: string; errors?: string[] }) {
  return (
    <fieldset aria-describedby={errors ? `${id}-error` : undefined}>
      <legend className="font-semibold">{legend}</legend>
      <ErrorMessage id={`${id}-error`} errors={errors} />
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
 * Which detail and why. The server checks the reason first, then asks for a passkey
 * confirmation naming this exact reveal (customer, detail, reason); the dialog sends the same
 * form again with it. Every reveal needs its own.
 */
export function RevealRequestForm({ lastResult, fields: choices, defaultField }: Props) {
  const [form, fields] = useReplyForm<{ field: string; reason: string; note: string }>({ lastResult, defaultValue: { field: defaultField, reason: "", note: "" } });
  const formAttributes = formProps(form);
  const errors = summaryEntries([fields.field.id, form.errors, fields.field.errors], [fields.reason.id, fields.reason.errors], [fields.note.id, fields.note.errors]);
  const reasons = Object.entries(REVEAL_REASONS).map(([value, label]) => ({ value, label: value === "other" ? "Another reason (say which below)" : label }));

  return (
    <>
      <ErrorSummary errors={errors} />
      <ConfirmableForm formKey="reveal" method="post" {...formAttributes} className="max-w-2xl space-y-6 rounded-lg border border-slate-300 bg-white p-4">
        <AuthenticityField />
        <RadioGroup id={fields.field.id} legend="Which detail" name={fields.field.name} options={choices} selected={fields.field.initialValue ?? defaultField} errors={fields.field.errors} />
        <RadioGroup id={fields.reason.id} legend="Why you need to see it" name={fields.reason.name} options={reasons} selected={fields.reason.initialValue ?? ""} errors={fields.reason.errors} />
        <FieldFrame id={fields.note.id} label="Note (optional unless you chose another reason)" hint="The customer reads this on their security timeline. Don't write their details here." errors={fields.note.errors}>
          <textarea {...textareaProps(fields.note, { ariaDescribedBy: `${fields.note.id}-hint` })} rows={2} maxLength={200} className={`block w-full rounded border-2 px-3 py-2 ${controlBorder(Boolean(fields.note.errors))}`} />
        </FieldFrame>
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          Confirm with passkey and reveal
        </button>
      </ConfirmableForm>
    </>
  );
}
