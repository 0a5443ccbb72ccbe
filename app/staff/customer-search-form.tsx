import { formProps, inputProps, useReplyForm, type FormReply } from "~/forms/reply-form";
import { Form } from "@remix-run/react";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";

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
  const errors = [
    ...(fields.by.errors ?? []).map((message) => ({ field: `${fields.by.id}-name`, message })),
    ...(fields.q.errors ?? []).map((message) => ({ field: fields.q.id, message })),
  ];
  const selected = fields.by.initialValue ?? "name";
  return (
    <Form method="post" {...formProps(form)} className="space-y-4 rounded-lg border border-slate-300 bg-white p-4">
      <ErrorSummary errors={errors} />
      <AuthenticityField />
      <fieldset aria-describedby={fields.by.errors ? `${fields.by.id}-error` : undefined}>
        <legend className="font-semibold">Search by</legend>
        {fields.by.errors ? (
          <p id={`${fields.by.id}-error`} className="text-sm font-semibold text-red-700">
            <span className="sr-only">Error: </span>
            {fields.by.errors.join(". ")}
          </p>
        ) : null}
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
      <div className="space-y-1">
        <label htmlFor={fields.q.id} className="block font-semibold">
          Search for
        </label>
        {fields.q.errors ? (
          <p id={fields.q.errorId} className="text-sm font-semibold text-red-700">
            <span className="sr-only">Error: </span>
            {fields.q.errors.join(". ")}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-3">
          <input
            {...inputProps(fields.q, { type: "search" })}

            autoComplete="off"
            spellCheck={false}
            className={`block w-full max-w-md rounded border-2 px-3 py-2 ${fields.q.errors ? "border-red-700" : "border-slate-500"}`}
          />
          <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            Search
          </button>
        </div>
      </div>
    </Form>
  );
}
