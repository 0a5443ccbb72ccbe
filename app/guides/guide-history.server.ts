import { db } from "~/db.server";
import { loadRenders } from "./guide-renders.server";
import { revisionsQuery, toRevisionSummary, type RevisionSummary } from "./guide-store.server";
import type { RevisionDiffData } from "./diff-rows";
import { diffRevisions } from "./word-diff.server";

export interface GuideHistory {
  slug: string;
  title: string;
  /** newest first */
  revisions: RevisionSummary[];
  /** whether a draft or review is in flight, which blocks restoring */
  hasOpenRevision: boolean;
  /** the revision customers see; restoring it would change nothing, so it is not offered */
  publishedRevisionId: string | null;
}

export async function getGuideHistory(slug: string): Promise<GuideHistory | null> {
  const revisions = (await revisionsQuery().where("r.slug", "=", slug).orderBy("r.number", "desc").execute()).map(toRevisionSummary);
  if (revisions.length === 0) return null;
  const shown = revisions.find((revision) => revision.status === "published") ?? (revisions[0] as RevisionSummary);
  const title = (await loadRenders([shown.contentHash])).get(shown.contentHash)?.frontmatter.title ?? slug;
  return {
    slug,
    title,
    revisions,
    hasOpenRevision: revisions.some((revision) => revision.status === "draft" || revision.status === "in_review"),
    publishedRevisionId: revisions.find((revision) => revision.status === "published")?.id ?? null,
  };
}

export interface RevisionComparison extends RevisionDiffData {
  from: number;
  to: number;
}

/** A word diff of two revisions of one guide, by revision number; null if either is missing. */
export async function compareRevisions(slug: string, from: number, to: number): Promise<RevisionComparison | null> {
  const rows = await db().selectFrom("guide_revisions").select(["number", "source"]).where("slug", "=", slug).where("number", "in", [from, to]).execute();
  const before = rows.find((row) => Number(row.number) === from);
  const after = rows.find((row) => Number(row.number) === to);
  if (!before || !after) return null;
  return { from, to, ...diffRevisions(before.source, after.source) };
}

