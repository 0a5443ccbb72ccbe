import { formProps, useReplyForm, type FormReply } from "~/forms/reply-form";
import { Form } from "@remix-run/react";
import { AuthenticityField } from "~/components/authenticity-field";
import { TextAreaField } from "~/components/text-area-field";
import { formatDateTime } from "~/format/dates";
import type { RevisionDiffData } from "./diff-rows";
import { RevisionDiff } from "./revision-diff";

export const buttonPrimary = "rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60";
export const buttonSecondary = "rounded border-2 border-slate-600 bg-white px-4 py-2 font-semibold hover:bg-slate-100 disabled:opacity-60";

interface Props {
  revision: { id: string; number: number; authorName: string; submittedAt: string | null };
  ownReview: boolean;
  canPublish: boolean;
  diff: RevisionDiffData | null;
  lastResult: FormReply | undefined;
}

function ReviewDecision({ revision, lastResult }: Pick<Props, "revision" | "lastResult">) {
  const [form, fields] = useReplyForm<{ comment: string }>({ id: "review-decision", lastResult });
  return (
    <div className="flex flex-wrap items-start gap-8">
      <Form method="post">
        <AuthenticityField />
        <input type="hidden" name="intent" value="publish" />
        <input type="hidden" name="revisionId" value={revision.id} />
        <button type="submit" className={buttonPrimary}>
          Publish revision {revision.number}
        </button>
      </Form>
      <Form method="post" {...formProps(form)} className="min-w-72 flex-1 space-y-2">
        <AuthenticityField />
        <input type="hidden" name="intent" value="reject" />
        <input type="hidden" name="revisionId" value={revision.id} />
        <TextAreaField
          id={fields.comment.id}
          name={fields.comment.name}
          label="Why are you rejecting it?"
          hint="The author sees this comment."
          rows={3}
          maxLength={2000}
          defaultValue={fields.comment.initialValue}
          error={fields.comment.errors}
        />
        <button type="submit" className={buttonSecondary}>
          Reject revision {revision.number}
        </button>
      </Form>
    </div>
  );
}

/** A revision waiting for review: its author may withdraw it; another editor publishes or rejects it. */
export function GuideReviewPanel({ revision, ownReview, canPublish, diff, lastResult }: Props) {
  return (
    <section id="review" tabIndex={-1} aria-labelledby="review-title" className="space-y-4 rounded-lg border-2 border-amber-700 bg-white p-4">
      <h2 id="review-title" className="text-xl font-semibold">
        Revision {revision.number} is waiting for review
      </h2>
      <p>
        Submitted by {ownReview ? "you" : revision.authorName} {formatDateTime(revision.submittedAt)}.
      </p>
      {ownReview ? (
        <>
          <p className="font-semibold">You wrote this revision, so another editor must publish or reject it.</p>
          <Form method="post" className="space-y-2">
            <AuthenticityField />
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="revisionId" value={revision.id} />
            <p>Want to change something first? Withdraw it: it becomes your draft again, and nobody can publish it until you submit it again.</p>
            <button type="submit" className={buttonSecondary}>
              Withdraw revision {revision.number} from review
            </button>
          </Form>
        </>
      ) : canPublish ? (
        <ReviewDecision revision={revision} lastResult={lastResult} />
      ) : (
        <p>You can read it, but publishing needs the publish permission.</p>
      )}
      {diff ? (
        <>
          <h3 className="text-lg font-semibold">
            Changes from the published text ({wordCount(diff.wordsAdded)} added, {wordCount(diff.wordsRemoved)} removed)
          </h3>
          <RevisionDiff rows={diff.rows} caption={`Changes in revision ${revision.number}`} />
        </>
      ) : null}
    </section>
  );
}

export function wordCount(count: number): string {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? "word" : "words"}`;
}
