import { formProps, textareaProps, textFieldProps, useReplyForm, type FormReply } from "~/forms/reply-form";
import { Form } from "@remix-run/react";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";
import { summaryEntries } from "~/components/summary-entries";
import { SelectField } from "~/components/select-field";
import { controlBorder, FieldFrame } from "~/components/text-field";

const ROLES = [
  { value: "", label: "Choose…" },
  { value: "supervisor", label: "Supervisor" },
  { value: "admin", label: "Admin" },
];

/** Supervisor and admin are granted by proposal: another admin approves it. */
export function ProposeRoleForm({ lastResult, people }: { lastResult: FormReply | undefined; people: { id: string; displayName: string }[] }) {
  const [form, fields] = useReplyForm<{ intent: string; user: string; role: string; reason: string }>({ lastResult });
  const errors = summaryEntries([fields.user.id, form.errors, fields.user.errors], [fields.role.id, fields.role.errors], [fields.reason.id, fields.reason.errors]);
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" {...formProps(form)} className="max-w-2xl space-y-4 rounded-lg border border-slate-300 bg-white p-4">
        <AuthenticityField />
        <input type="hidden" name="intent" value="propose" />
        <SelectField
         
          {...textFieldProps(fields.user)}
          error={[...(form.errors ?? []), ...(fields.user.errors ?? [])]}
          label="Person"
          options={[{ value: "", label: "Choose…" }, ...people.map((person) => ({ value: person.id, label: person.displayName }))]}
        />
        <SelectField {...textFieldProps(fields.role)} label="Role" options={ROLES} />
        <FieldFrame id={fields.reason.id} label="Why they need it" errors={fields.reason.errors}>
          <textarea {...textareaProps(fields.reason)} rows={2} maxLength={300} className={`block w-full rounded border-2 px-3 py-2 ${controlBorder(Boolean(fields.reason.errors))}`} />
        </FieldFrame>
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          Propose
        </button>
      </Form>
    </>
  );
}
