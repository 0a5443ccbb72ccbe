import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/access/guards.server";
import { DataTable, tableCell } from "~/components/data-table";
import { PageHeading } from "~/components/page-heading";
import { formatDateTime } from "~/format/dates";
import { RevisionStatus } from "~/guides/revision-status";
import { listEditorGuides } from "~/guides/guide-workspace.server";

export const meta: MetaFunction = () => [{ title: "Guide editor · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "draft:guide:any");
  const guides = await listEditorGuides();
  const canPublish = user.permissions.has("publish:guide:any");
  return {
    guides,
    viewerId: user.id,
    awaitingReview: canPublish ? guides.filter((guide) => guide.open?.status === "in_review" && guide.open.authorId !== user.id) : [],
  };
}

export default function Editor() {
  const { guides, viewerId, awaitingReview } = useLoaderData<typeof loader>();
  const cell = tableCell("boxed");
  return (
    <div className="space-y-10">
      <PageHeading title="Guide editor">
        Draft a guide, preview it exactly as customers will see it and submit it for review. Another editor publishes it.
      </PageHeading>
      <p>
        <Link to="/editor/new" className="inline-block rounded bg-brand-700 px-4 py-2 font-semibold text-white no-underline hover:bg-brand-800 hover:text-white">
          Write a new guide
        </Link>
      </p>

      {awaitingReview.length > 0 ? (
        <section aria-labelledby="awaiting-review">
          <h2 id="awaiting-review" className="mb-3 text-xl font-semibold">
            Waiting for your review
          </h2>
          <ul className="space-y-2">
            {awaitingReview.map((guide) => (
              <li key={guide.slug}>
                <Link to={`/editor/${guide.slug}`}>{guide.title}</Link> — revision {guide.open?.number} by {guide.open?.authorName}, submitted{" "}
                {formatDateTime(guide.open?.submittedAt)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="all-guides">
        <h2 id="all-guides" className="mb-3 text-xl font-semibold">
          All guides
        </h2>
        <DataTable caption="All guides, with their published and in-progress revisions" look="boxed" columns={["Guide", "Published", "In progress", "History"]}>
          {guides.map((guide) => (
            <tr key={guide.slug}>
              <th scope="row" className={`${cell} font-normal`}>
                <Link to={`/editor/${guide.slug}`}>{guide.title}</Link>
                <span className="block text-sm text-slate-700">{guide.slug}</span>
              </th>
              <td className={cell}>{guide.published ? `Revision ${guide.published.number}` : "Not yet published"}</td>
              <td className={cell}>
                {guide.open ? (
                  <>
                    <RevisionStatus status={guide.open.status} /> revision {guide.open.number} by{" "}
                    {guide.open.authorId === viewerId ? "you" : guide.open.authorName}
                  </>
                ) : (
                  "Nothing"
                )}
              </td>
              <td className={cell}>
                <Link to={`/editor/${guide.slug}/history`}>
                  {guide.latest.number} {guide.latest.number === 1 ? "revision" : "revisions"}
                  <span className="sr-only"> of {guide.title}</span>
                </Link>
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
    </div>
  );
}
