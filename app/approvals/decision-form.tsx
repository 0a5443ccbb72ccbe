import { formProps, textareaProps, useReplyForm, type FormReply } from "~/forms/reply-form";
import { AuthenticityField } from "~/components/authenticity-field";
import { ConfirmableForm } from "~/components/change-confirmation";
import { ErrorSummary } from "~/components/error-summary";
import { summaryEntries } from "~/components/summary-entries";
import { controlBorder, FieldFrame } from "~/components/text-field";

/**
 * Approve or reject one proposal. Approving sends the form, the server asks for a passkey
 * bound to this proposal, and the dialog sends it again; rejecting needs a comment instead.
 */
export function DecisionForm({ lastResult }: { lastResult: FormReply | undefined }) {
  const [form, fields] = useReplyForm<{ intent: string; comment: string }>({ lastResult });
  const errors = summaryEntries([fields.comment.id, form.errors, fields.comment.errors, fields.intent.errors]);
  return (
    <>
      <ErrorSummary errors={errors} />
      <ConfirmableForm formKey="decide" method="post" {...formProps(form)} className="mt-6 max-w-2xl space-y-4 rounded-lg border border-slate-300 bg-white p-4">
        <AuthenticityField />
        <FieldFrame id={fields.comment.id} label="Comment (needed to reject)" hint="The person who proposed it reads this." errors={fields.comment.errors}>
          <textarea {...textareaProps(fields.comment, { ariaDescribedBy: `${fields.comment.id}-hint` })} rows={3} maxLength={500} className={`block w-full rounded border-2 px-3 py-2 ${controlBorder(Boolean(fields.comment.errors))}`} />
        </FieldFrame>
        <div className="flex flex-wrap gap-3">
          <button type="submit" name="intent" value="approve" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            Approve with passkey
          </button>
          <button type="submit" name="intent" value="reject" className="rounded border-2 border-red-700 px-4 py-2 font-semibold text-red-800">
            Reject
          </button>
        </div>
      </ConfirmableForm>
    </>
  );
}
