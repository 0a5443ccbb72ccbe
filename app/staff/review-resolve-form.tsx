import { formProps, inputProps, textareaProps, useReplyForm, type FormReply } from "~/forms/reply-form";
import { Form } from "@remix-run/react";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";

function FieldError({ id, errors }: { id: string | undefined; errors: string[] | undefined }) {
  if (!errors || !id) return null;
  return (
    <p id={id} className="text-sm font-semibold text-red-700">
      <span className="sr-only">Error: </span>
      {errors.join(". ")}
    </p>
  );
}

/** Close a case as fraud (freezes the card) or genuine (lets that merchant through for N days). */
export function ResolveForm({ lastResult, merchantName }: { lastResult: FormReply | undefined; merchantName: string | null }) {
  const [form, fields] = useReplyForm<{ intent: string; outcome: string; allowDays: string; note: string }>({ lastResult, defaultValue: { allowDays: "30" } });
  const outcomeId = fields.outcome.id;
  const errors = [
    ...(form.errors ?? []).map((message) => ({ field: outcomeId, message })),
    ...(fields.outcome.errors ?? []).map((message) => ({ field: outcomeId, message })),
    ...(fields.allowDays.errors ?? []).map((message) => ({ field: fields.allowDays.id, message })),
    ...(fields.note.errors ?? []).map((message) => ({ field: fields.note.id, message })),
  ];
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" {...formProps(form)} className="max-w-2xl space-y-4 rounded-lg border border-slate-300 bg-white p-4">
        <AuthenticityField />
        <input type="hidden" name="intent" value="resolve" />
        <fieldset aria-describedby={fields.outcome.errors ? fields.outcome.errorId : undefined}>
          <legend className="font-semibold">Outcome</legend>
          <FieldError id={fields.outcome.errorId} errors={[...(form.errors ?? []), ...(fields.outcome.errors ?? [])].length ? [...(form.errors ?? []), ...(fields.outcome.errors ?? [])] : undefined} />
          <label className="mt-2 flex items-center gap-2">
            <input type="radio" id={outcomeId} name={fields.outcome.name} value="fraud" defaultChecked={fields.outcome.initialValue === "fraud"} className="h-5 w-5" />
            <span>Fraud: freeze the card (if it isn't already) and tell the customer</span>
          </label>
          <label className="mt-2 flex items-center gap-2">
            <input type="radio" id={`${outcomeId}-legitimate`} name={fields.outcome.name} value="legitimate" defaultChecked={fields.outcome.initialValue === "legitimate"} className="h-5 w-5" />
            <span>Genuine: let {merchantName ?? "this merchant"} through on this card</span>
          </label>
        </fieldset>
        <div className="space-y-1">
          <label htmlFor={fields.allowDays.id} className="block font-semibold">
            If genuine, for how many days
          </label>
          <FieldError id={fields.allowDays.errorId} errors={fields.allowDays.errors} />
          <input {...inputProps(fields.allowDays, { type: "number" })} min={1} max={90} className="w-28 rounded border-2 border-slate-500 px-3 py-2" />
        </div>
        <div className="space-y-1">
          <label htmlFor={fields.note.id} className="block font-semibold">
            Note for the file (optional)
          </label>
          <FieldError id={fields.note.errorId} errors={fields.note.errors} />
          <textarea {...textareaProps(fields.note)} rows={2} maxLength={300} className="block w-full rounded border-2 border-slate-500 px-3 py-2" />
        </div>
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          Close the case
        </button>
      </Form>
    </>
  );
}
