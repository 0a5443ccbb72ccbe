import { formProps, inputProps, useReplyForm, type FormReply } from "~/forms/reply-form";
import { Form } from "@remix-run/react";
import { AuthenticityField } from "~/components/authenticity-field";
import { summaryEntries } from "~/components/summary-entries";
import { ErrorSummary } from "~/components/error-summary";
import { controlBorder, ErrorMessage, FieldFrame } from "~/components/text-field";

const KINDS = [
  { value: "name", label: "Name", hint: "the start of the first name or surname" },
  { value: "email", label: "Email address", hint: "the full address" },
  { value: "phone", label: "Phone number", hint: "the full number" },
  { value: "card", label: "Card", hint: "the last four digits" },
  { value: "number", label: "Customer number", hint: "eight digits" },
] as const;

/** Search by one kind of key; posted (never a GET), so no email or phone lands in a URL or history. */
export function CustomerSearchForm({ lastResult }: { lastResult: FormReply | undefined }) {
  const [form, fields] = useReplyForm<{ by: string; q: string }>({ lastResult, defaultValue: { by: "name", q: "" } });
  const errors = summaryEntries([`${fields.by.id}-name`, fields.by.errors], [fields.q.id, fields.q.errors]);
  const selected = fields.by.initialValue ?? "name";
  return (
    <Form method="post" {...formProps(form)} className="space-y-4 rounded-lg border border-slate-300 bg-white p-4">
      <ErrorSummary errors={errors} />
      <AuthenticityField />
      <fieldset aria-describedby={fields.by.errors ? `${fields.by.id}-error` : undefined}>
        <legend className="font-semibold">Search by</legend>
        <ErrorMessage id={`${fields.by.id}-error`} errors={fields.by.errors} />
        <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
          {KINDS.map((kind) => (
            <label key={kind.value} className="flex items-center gap-2">
              <input
                type="radio"
                id={kind.value === "name" ? `${fields.by.id}-name` : `${fields.by.id}-${kind.value}`}
                name={fields.by.name}
                value={kind.value}
                defaultChecked={selected === kind.value}
                className="h-5 w-5"
              />
              <span>
                {kind.label} <span className="text-sm text-slate-600">({kind.hint})</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <FieldFrame id={fields.q.id} label="Search for" errors={fields.q.errors}>
        <div className="flex flex-wrap gap-3">
          <input
            {...inputProps(fields.q, { type: "search" })}
           
            autoComplete="off"
            spellCheck={false}
            className={`block w-full max-w-md rounded border-2 px-3 py-2 ${controlBorder(Boolean(fields.q.errors))}`}
          />
          <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            Search
          </button>
        </div>
      </FieldFrame>
    </Form>
  );
}
