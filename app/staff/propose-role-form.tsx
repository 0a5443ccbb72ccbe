import { formProps, selectProps, textareaProps, useReplyForm, type FormReply } from "~/forms/reply-form";
import { Form } from "@remix-run/react";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";

function FieldError({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="text-sm font-semibold text-red-700">
      <span className="sr-only">Error: </span>
      {errors.join(". ")}
    </p>
  );
}

/** Supervisor and admin are granted by proposal: another admin approves it. */
export function ProposeRoleForm({ lastResult, people }: { lastResult: FormReply | undefined; people: { id: string; displayName: string }[] }) {
  const [form, fields] = useReplyForm<{ intent: string; user: string; role: string; reason: string }>({ lastResult });
  const errors = [
    ...(form.errors ?? []).map((message) => ({ field: fields.user.id, message })),
    ...(fields.user.errors ?? []).map((message) => ({ field: fields.user.id, message })),
    ...(fields.role.errors ?? []).map((message) => ({ field: fields.role.id, message })),
    ...(fields.reason.errors ?? []).map((message) => ({ field: fields.reason.id, message })),
  ];
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" {...formProps(form)} className="max-w-2xl space-y-4 rounded-lg border border-slate-300 bg-white p-4">
        <AuthenticityField />
        <input type="hidden" name="intent" value="propose" />
        <div className="space-y-1">
          <label htmlFor={fields.user.id} className="block font-semibold">
            Person
          </label>
          <FieldError id={fields.user.errorId} errors={[...(form.errors ?? []), ...(fields.user.errors ?? [])]} />
          <select {...selectProps(fields.user)} className="rounded border-2 border-slate-500 px-3 py-2">
            <option value="">Choose…</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={fields.role.id} className="block font-semibold">
            Role
          </label>
          <FieldError id={fields.role.errorId} errors={fields.role.errors} />
          <select {...selectProps(fields.role)} className="rounded border-2 border-slate-500 px-3 py-2">
            <option value="">Choose…</option>
            <option value="supervisor">Supervisor</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={fields.reason.id} className="block font-semibold">
            Why they need it
          </label>
          <FieldError id={fields.reason.errorId} errors={fields.reason.errors} />
          <textarea {...textareaProps(fields.reason)} rows={2} maxLength={300} className="block w-full rounded border-2 border-slate-500 px-3 py-2" />
        </div>
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          Propose
        </button>
      </Form>
    </>
  );
}
