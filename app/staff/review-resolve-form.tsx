import { formProps, textareaProps, textFieldProps, useReplyForm, type FormReply } from "~/forms/reply-form";
import { Form } from "@remix-run/react";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";
import { summaryEntries } from "~/components/summary-entries";
import { controlBorder, ErrorMessage, FieldFrame, TextField } from "~/components/text-field";

/** Close a case as fraud (freezes the card) or genuine (lets that merchant through for N days). */
export function ResolveForm({ lastResult, merchantName }: { lastResult: FormReply | undefined; merchantName: string | null }) {
  const [form, fields] = useReplyForm<{ intent: string; outcome: string; allowDays: string; note: string }>({ lastResult, defaultValue: { allowDays: "30" } });
  const outcomeId = fields.outcome.id;
  const errors = summaryEntries([outcomeId, form.errors, fields.outcome.errors], [fields.allowDays.id, fields.allowDays.errors], [fields.note.id, fields.note.errors]);
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" {...formProps(form)} className="max-w-2xl space-y-4 rounded-lg border border-slate-300 bg-white p-4">
        <AuthenticityField />
        <input type="hidden" name="intent" value="resolve" />
        <fieldset aria-describedby={fields.outcome.errors ? fields.outcome.errorId : undefined}>
          <legend className="font-semibold">Outcome</legend>
          <ErrorMessage id={fields.outcome.errorId} errors={[...(form.errors ?? []), ...(fields.outcome.errors ?? [])]} />
          <label className="mt-2 flex items-center gap-2">
            <input type="radio" id={outcomeId} name={fields.outcome.name} value="fraud" defaultChecked={fields.outcome.initialValue === "fraud"} className="h-5 w-5" />
            <span>Fraud: freeze the card (if it isn't already) and tell the customer</span>
          </label>
          <label className="mt-2 flex items-center gap-2">
            <input type="radio" id={`${outcomeId}-legitimate`} name={fields.outcome.name} value="legitimate" defaultChecked={fields.outcome.initialValue === "legitimate"} className="h-5 w-5" />
            <span>Genuine: let {merchantName ?? "this merchant"} through on this card</span>
          </label>
        </fieldset>
        <TextField {...textFieldProps(fields.allowDays)} type="number" min={1} max={90} width="w-28" label="If genuine, for how many days" />
        <FieldFrame id={fields.note.id} label="Note for the file (optional)" errors={fields.note.errors}>
          <textarea {...textareaProps(fields.note)} rows={2} maxLength={300} className={`block w-full rounded border-2 px-3 py-2 ${controlBorder(Boolean(fields.note.errors))}`} />
        </FieldFrame>
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          Close the case
        </button>
      </Form>
    </>
  );
}
