import { DataTable, tableCell } from "~/components/data-table";
import { IntentButton } from "~/components/intent-button";
import { formatDateTime } from "~/format/dates";
import type { RevisionSummary } from "./guide-store.server";
import { RevisionStatus } from "./revision-status";

type Row = Pick<RevisionSummary, "id" | "number" | "status" | "authorName" | "createdAt" | "decidedAt" | "decidedByName" | "reviewComment" | "restoredFromNumber">;

function RestoreCell({ revision, hasOpenRevision, publishedRevisionId }: { revision: Row; hasOpenRevision: boolean; publishedRevisionId: string | null }) {
  // What customers see already is never offered: restoring it would only copy it.
  if (revision.id === publishedRevisionId) return <>Customers see this revision</>;
  if (hasOpenRevision) return <>—</>;
  return (
    <IntentButton intent="restore" fields={{ revisionId: revision.id }} className="rounded border-2 border-slate-600 bg-white px-3 py-1 text-sm font-semibold hover:bg-slate-100">
      Restore revision {revision.number} as a new draft
    </IntentButton>
  );
}

/** Every revision of a guide, newest first, each restorable as a new draft unless it is the published one. */
export function RevisionTable({ revisions, hasOpenRevision, publishedRevisionId }: { revisions: readonly Row[]; hasOpenRevision: boolean; publishedRevisionId: string | null }) {
  const cell = tableCell("boxed");
  return (
    <DataTable caption="Revisions of this guide, newest first" look="boxed" columns={["Revision", "Status", "Written", "Decided", "Restore"]}>
      {revisions.map((revision) => (
        <tr key={revision.id}>
          <th scope="row" className={cell}>
            {revision.number}
            {revision.restoredFromNumber ? <span className="block text-sm font-normal">restored from {revision.restoredFromNumber}</span> : null}
          </th>
          <td className={cell}>
            <RevisionStatus status={revision.status} />
          </td>
          <td className={cell}>
            {revision.authorName}
            <span className="block text-sm text-slate-700">{formatDateTime(revision.createdAt)}</span>
          </td>
          <td className={cell}>
            {revision.decidedAt ? (
              <>
                {revision.decidedByName ?? "On import"}
                <span className="block text-sm text-slate-700">{formatDateTime(revision.decidedAt)}</span>
                {revision.reviewComment ? <span className="block whitespace-pre-wrap text-sm">“{revision.reviewComment}”</span> : null}
              </>
            ) : (
              "—"
            )}
          </td>
          <td className={cell}>
            <RestoreCell revision={revision} hasOpenRevision={hasOpenRevision} publishedRevisionId={publishedRevisionId} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
