import { db } from "~/db.server";
import type { GuidePreview } from "./editor-form";
import { previewOf } from "./editor-form.server";
import { loadRenders, renderOf } from "./guide-renders.server";
import { revisionSource, revisionsQuery, toRevisionSummary, type RevisionSummary } from "./guide-store.server";
import type { RevisionDiffData } from "./diff-rows";
import { diffRevisions } from "./word-diff.server";

/* What editors see: every guide with its state, and one guide's working copy. */

export interface EditorGuideRow {
  slug: string;
  title: string;
  published: RevisionSummary | null;
  open: RevisionSummary | null;
  latest: RevisionSummary;
}

function titleFallback(slug: string): string {
  return slug.replace(/-/g, " ");
}

export async function listEditorGuides(): Promise<EditorGuideRow[]> {
  const revisions = (await revisionsQuery().orderBy("r.slug").orderBy("r.number").execute()).map(toRevisionSummary);
  const bySlug = new Map<string, RevisionSummary[]>();
  for (const revision of revisions) bySlug.set(revision.slug, [...(bySlug.get(revision.slug) ?? []), revision]);
  const shown = [...bySlug.values()].map((list) => list.find((r) => r.status === "published") ?? (list.at(-1) as RevisionSummary));
  const renders = await loadRenders(shown.map((revision) => revision.contentHash));
  const rows = [...bySlug.entries()].map(([slug, list]) => {
    const published = list.find((r) => r.status === "published") ?? null;
    const latest = list.at(-1) as RevisionSummary;
    const title = renders.get((published ?? latest).contentHash)?.frontmatter.title ?? titleFallback(slug);
    return { slug, title, published, open: list.find((r) => r.status === "draft" || r.status === "in_review") ?? null, latest };
  });
  return rows.sort((a, b) => a.title.localeCompare(b.title, "en-GB"));
}

export interface GuideWorkspace {
  slug: string;
  title: string;
  published: RevisionSummary | null;
  open: RevisionSummary | null;
  /** the newest revision when it was rejected: its author needs the reviewer's comment */
  lastRejected: RevisionSummary | null;
  /** what the edit form starts from: the viewer's own draft, else the published text */
  editableSource: string;
  canEdit: boolean;
  /** the open revision as customers would see it */
  openPreview: GuidePreview | null;
  /** changes the open revision makes to the published one */
  openDiff: RevisionDiffData | null;
}

export async function getGuideWorkspace(slug: string, viewerId: string): Promise<GuideWorkspace | null> {
  const guide = await db().selectFrom("guides").select(["slug", "published_revision_id"]).where("slug", "=", slug).executeTakeFirst();
  if (!guide) return null;
  const revisions = (await revisionsQuery().where("r.slug", "=", slug).orderBy("r.number", "desc").execute()).map(toRevisionSummary);
  const published = revisions.find((revision) => revision.id === guide.published_revision_id) ?? null;
  const open = revisions.find((revision) => revision.status === "draft" || revision.status === "in_review") ?? null;
  const newest = revisions[0] ?? null;
  const lastRejected = newest?.status === "rejected" ? newest : null;

  const publishedSource = published ? await revisionSource(published.id) : "";
  const openSource = open ? await revisionSource(open.id) : null;
  const ownDraft = open?.status === "draft" && open.authorId === viewerId;
  // A rejected author picks up where they left off, not from the published text.
  const editableSource = ownDraft && openSource !== null ? openSource : lastRejected && lastRejected.authorId === viewerId ? await revisionSource(lastRejected.id) : publishedSource;

  const display = open ?? published ?? newest;
  const displayRender = display ? await renderOf({ contentHash: display.contentHash, source: () => revisionSource(display.id) }) : null;
  const openDiff = open && openSource !== null ? diffRevisions(publishedSource, openSource) : null;
  return {
    slug,
    title: displayRender?.frontmatter.title ?? titleFallback(slug),
    published,
    open,
    lastRejected,
    editableSource,
    canEdit: !open || ownDraft,
    openPreview: open && displayRender ? previewOf(displayRender) : null,
    openDiff,
  };
}
