import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { requirePermission } from "~/access/guards.server";
import { respondWith } from "~/access/page-outcome.server";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page-heading";
import { SelectField } from "~/components/select-field";
import { resultFor, summaryErrors, type EditorActionData } from "~/guides/editor-form";
import { formProps, textFieldProps, useReplyForm } from "~/forms/reply-form";
import { guideHistory, guideSlug, restoreFromForm } from "~/guides/editor-pages.server";
import { wordCount } from "~/guides/guide-review-panel";
import { RevisionDiff } from "~/guides/revision-diff";
import { RevisionTable } from "~/guides/revision-table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `History of ${data.history.title} · Guide editor · Strongroom` : "Guide editor · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "draft:guide:any");
  return guideHistory(guideSlug(args.params), new URL(args.request.url).searchParams);
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "draft:guide:any");
  return respondWith(await restoreFromForm(user, args.context, guideSlug(args.params), await args.request.formData()));
}

export default function GuideHistoryPage() {
  const { history, comparison, from, to, compare } = useLoaderData<typeof loader>();
  const [compareForm, compareFields] = useReplyForm<{ from: string; to: string }>({ id: "compare", lastResult: compare });
  const data = useActionData<EditorActionData>();
  const errors = useMemo(() => summaryErrors([{ id: "revisions", errors: resultFor(data, "revisions")?.error?.[""] ?? undefined }]), [data]);
  const numbers = history.revisions.map((revision) => revision.number);
  const choices = numbers.map((number) => ({ value: number, label: number }));
  return (
    <div className="space-y-8">
      <PageHeading title={`History of “${history.title}”`}>
        <ul className="flex flex-wrap gap-x-6 text-base">
          <li>
            <Link to="/editor">All guides</Link>
          </li>
          <li>
            <Link to={`/editor/${history.slug}`}>Edit this guide</Link>
          </li>
        </ul>
      </PageHeading>
      <ErrorSummary errors={errors} />

      <section id="revisions" tabIndex={-1} aria-labelledby="revisions-title">
        <h2 id="revisions-title" className="mb-3 text-xl font-semibold">
          Revisions, newest first
        </h2>
        {history.hasOpenRevision ? (
          <p className="mb-3">A draft or review is in progress, so earlier revisions can be restored once it has been decided.</p>
        ) : null}
        <RevisionTable revisions={history.revisions} hasOpenRevision={history.hasOpenRevision} publishedRevisionId={history.publishedRevisionId} />
      </section>

      {numbers.length > 1 ? (
        <section aria-labelledby="compare-title" className="space-y-4">
          <h2 id="compare-title" className="text-xl font-semibold">
            Compare revisions
          </h2>
          <Form method="get" {...formProps(compareForm)} className="flex flex-wrap items-end gap-4">
            {/* Shown as understood: a number that was left out shows the one compared instead. */}
            <SelectField {...textFieldProps(compareFields.from)} label="From revision" defaultValue={from} options={choices} />
            <SelectField {...textFieldProps(compareFields.to)} label="To revision" defaultValue={to} options={choices} />
            <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
              Compare
            </button>
          </Form>
          {comparison ? (
            <>
              <p>
                Revision {comparison.from} → revision {comparison.to}: {wordCount(comparison.wordsAdded)} added, {wordCount(comparison.wordsRemoved)} removed.
              </p>
              <RevisionDiff rows={comparison.rows} caption={`Changes from revision ${comparison.from} to revision ${comparison.to}`} />
            </>
          ) : (
            <p>Choose two different revisions to see what changed.</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
