import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { z } from "zod";
import { requirePermission } from "~/access/guards.server";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page-heading";
import { SelectField } from "~/components/select-field";
import { resultFor, summaryErrors, type EditorActionData } from "~/guides/editor-form";
import { invalidSubmission, refusal, withCompileRefusals } from "~/guides/editor-form.server";
import { restoreRevision } from "~/guides/guide-editorial.server";
import { compareRevisions, getGuideHistory } from "~/guides/guide-history.server";
import { editorialActor, isGuideSlug } from "~/guides/guide-store.server";
import { wordCount } from "~/guides/guide-review-panel";
import { RevisionDiff } from "~/guides/revision-diff";
import { RevisionTable } from "~/guides/revision-table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `History of ${data.history.title} · Guide editor · Strongroom` : "Guide editor · Strongroom" }];

function notFound(): Response {
  return new Response("Not Found", { status: 404, statusText: "Not Found" });
}

function slugFrom(params: LoaderFunctionArgs["params"]): string {
  const slug = params.slug ?? "";
  if (!isGuideSlug(slug)) throw notFound();
  return slug;
}

// A function, not a module-level value: zod calls at import time would ship zod to the browser.
const revisionNumber = () => z.coerce.number().int().min(1).max(1_000_000);

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "draft:guide:any");
  const slug = slugFrom(args.params);
  const history = await getGuideHistory(slug);
  if (!history) throw notFound();
  const newest = history.revisions[0]?.number ?? 1;
  const params = new URL(args.request.url).searchParams;
  // Out-of-range or malformed numbers fall back to "the newest against the one before".
  const to = revisionNumber().catch(newest).parse(params.get("to") ?? newest);
  const from = revisionNumber().catch(Math.max(1, to - 1)).parse(params.get("from") ?? Math.max(1, to - 1));
  const comparison = from === to ? null : await compareRevisions(slug, from, to);
  return { history, comparison, from, to };
}

const restoreSchema = () => z.object({ intent: z.literal("restore"), revisionId: z.string().min(1).max(64) });

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "draft:guide:any");
  const slug = slugFrom(args.params);
  const submission = parseWithZod(await args.request.formData(), { schema: restoreSchema() });
  if (submission.status !== "success") return invalidSubmission("revisions", submission, []);
  return withCompileRefusals(submission, async () => {
    const outcome = await restoreRevision(editorialActor(user, args.context), slug, submission.value.revisionId);
    return outcome.ok ? redirect(`/editor/${slug}?status=restored`) : refusal("revisions", submission, outcome, null);
  }, "revisions");
}

export default function GuideHistoryPage() {
  const { history, comparison, from, to } = useLoaderData<typeof loader>();
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
          <Form method="get" className="flex flex-wrap items-end gap-4">
            <SelectField id="compare-from" name="from" label="From revision" defaultValue={from} options={choices} />
            <SelectField id="compare-to" name="to" label="To revision" defaultValue={to} options={choices} />
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
