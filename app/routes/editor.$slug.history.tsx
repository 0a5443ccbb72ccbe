import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/access/guards.server";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page-heading";
import { formatDateTime } from "~/format/dates";
import type { EditorActionData } from "~/guides/editor-form";
import { invalidForm, refusal } from "~/guides/editor-form.server";
import { restoreRevision } from "~/guides/guide-editorial.server";
import { compareRevisions, getGuideHistory } from "~/guides/guide-history.server";
import { editorialActor, isGuideSlug } from "~/guides/guide-store.server";
import { RevisionDiff } from "~/guides/revision-diff";
import { RevisionStatus } from "~/guides/revision-status";

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
  if (submission.status !== "success") return invalidForm([{ field: "revisions", message: "That request was not understood; reload the page and try again." }]);
  const restored = await restoreRevision(editorialActor(user, args.context), slug, submission.value.revisionId);
  if (!restored.ok) return refusal(restored, { field: "revisions" });
  return redirect(`/editor/${slug}?status=restored`);
}

export default function GuideHistoryPage() {
  const { history, comparison, from, to } = useLoaderData<typeof loader>();
  const result = useActionData<EditorActionData>();
  const numbers = history.revisions.map((revision) => revision.number);
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
      <ErrorSummary errors={result?.errors ?? []} />

      <section id="revisions" tabIndex={-1} aria-labelledby="revisions-title">
        <h2 id="revisions-title" className="mb-3 text-xl font-semibold">
          Revisions, newest first
        </h2>
        {history.hasOpenRevision ? (
          <p className="mb-3">A draft or review is in progress, so earlier revisions can be restored once it has been decided.</p>
        ) : null}
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left">
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="border border-slate-300 p-2">
                  Revision
                </th>
                <th scope="col" className="border border-slate-300 p-2">
                  Status
                </th>
                <th scope="col" className="border border-slate-300 p-2">
                  Written
                </th>
                <th scope="col" className="border border-slate-300 p-2">
                  Decided
                </th>
                <th scope="col" className="border border-slate-300 p-2">
                  Restore
                </th>
              </tr>
            </thead>
            <tbody>
              {history.revisions.map((revision) => (
                <tr key={revision.id}>
                  <th scope="row" className="border border-slate-300 p-2">
                    {revision.number}
                    {revision.restoredFromNumber ? <span className="block text-sm font-normal">restored from {revision.restoredFromNumber}</span> : null}
                  </th>
                  <td className="border border-slate-300 p-2">
                    <RevisionStatus status={revision.status} />
                  </td>
                  <td className="border border-slate-300 p-2">
                    {revision.authorName}
                    <span className="block text-sm text-slate-700">{formatDateTime(revision.createdAt)}</span>
                  </td>
                  <td className="border border-slate-300 p-2">
                    {revision.decidedAt ? (
                      <>
                        {revision.decidedByName ?? "On import"}
                        <span className="block text-sm text-slate-700">{formatDateTime(revision.decidedAt)}</span>
                        {revision.reviewComment ? <span className="block text-sm whitespace-pre-wrap">“{revision.reviewComment}”</span> : null}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="border border-slate-300 p-2">
                    {history.hasOpenRevision ? (
                      "—"
                    ) : (
                      <Form method="post">
                        <AuthenticityField />
                        <input type="hidden" name="intent" value="restore" />
                        <input type="hidden" name="revisionId" value={revision.id} />
                        <button type="submit" className="rounded border-2 border-slate-600 bg-white px-3 py-1 text-sm font-semibold hover:bg-slate-100">
                          Restore revision {revision.number} as a new draft
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {numbers.length > 1 ? (
        <section aria-labelledby="compare-title" className="space-y-4">
          <h2 id="compare-title" className="text-xl font-semibold">
            Compare revisions
          </h2>
          <Form method="get" className="flex flex-wrap items-end gap-4">
            <div className="space-y-1">
              <label htmlFor="compare-from" className="block font-semibold">
                From revision
              </label>
              <select id="compare-from" name="from" defaultValue={from} className="block rounded border-2 border-slate-500 px-3 py-2">
                {numbers.map((number) => (
                  <option key={number} value={number}>
                    {number}
                  </option>
                ))}
              </select>
            </div>
            <div className="space-y-1">
              <label htmlFor="compare-to" className="block font-semibold">
                To revision
              </label>
              <select id="compare-to" name="to" defaultValue={to} className="block rounded border-2 border-slate-500 px-3 py-2">
                {numbers.map((number) => (
                  <option key={number} value={number}>
                    {number}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
              Compare
            </button>
          </Form>
          {comparison ? (
            <>
              <p>
                Revision {comparison.from} → revision {comparison.to}: {comparison.added} {comparison.added === 1 ? "line" : "lines"} added, {comparison.removed}{" "}
                {comparison.removed === 1 ? "line" : "lines"} removed.
              </p>
              <RevisionDiff lines={comparison.lines} caption={`Changes from revision ${comparison.from} to revision ${comparison.to}`} />
            </>
          ) : (
            <p>Choose two different revisions to see what changed.</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
