import { formatDateTime } from "~/format/dates";
import type { RevisionSummary } from "./guide-store.server";
import { RevisionStatus } from "./revision-status";

type Summary = Pick<RevisionSummary, "number" | "status" | "authorId" | "authorName" | "createdAt" | "submittedAt" | "decidedAt" | "decidedByName" | "reviewComment">;

/** Where a guide stands: what customers see, what is in progress, and a rejection its author must read. */
export function GuideStatePanel({ published, open, lastRejected, viewerId }: { published: Summary | null; open: Summary | null; lastRejected: Summary | null; viewerId: string }) {
  return (
    <>
      <section aria-labelledby="guide-state" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="guide-state" className="text-xl font-semibold">
          Where this guide stands
        </h2>
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          <dt className="font-semibold">Customers see</dt>
          <dd>{published ? `Revision ${published.number}, published ${formatDateTime(published.decidedAt)}${published.decidedByName ? ` by ${published.decidedByName}` : ""}` : "Nothing yet: this guide has never been published"}</dd>
          <dt className="font-semibold">In progress</dt>
          <dd>
            {open ? (
              <>
                <RevisionStatus status={open.status} /> revision {open.number} by {open.authorId === viewerId ? "you" : open.authorName}
                {open.status === "draft" ? `, saved ${formatDateTime(open.createdAt)}` : `, submitted ${formatDateTime(open.submittedAt)}`}
              </>
            ) : (
              "Nothing"
            )}
          </dd>
        </dl>
      </section>
      {lastRejected ? (
        <section aria-labelledby="rejection" className="rounded-lg border-2 border-red-700 bg-red-50 p-4">
          <h2 id="rejection" className="text-lg font-semibold text-red-900">
            Revision {lastRejected.number} was rejected
          </h2>
          <p className="mt-1">
            {lastRejected.decidedByName ?? "An editor"} rejected it {formatDateTime(lastRejected.decidedAt)}:
          </p>
          <blockquote className="mt-2 whitespace-pre-wrap border-l-4 border-red-700 pl-3">{lastRejected.reviewComment}</blockquote>
        </section>
      ) : null}
    </>
  );
}
