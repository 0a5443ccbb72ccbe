import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { db } from "~/db.server";
import { DomainError } from "~/errors/domain-error";
import { CATEGORY_LABELS } from "./guide-categories";
import type { GuideTree } from "./guide-tree";
import { loadRenders, renderOf, type GuideRender } from "./guide-renders.server";
import { GUIDE_SLUG_PATTERN, revisionSource } from "./guide-store.server";
import { GUIDE_CATEGORIES, type GuideCategory } from "./validate-mdx.server";

/*
 * What customers read: only published revisions, always from the render cache. The set is
 * small (tens of guides), so search and categories are computed in memory over the cached
 * renders rather than with engine-specific full-text SQL.
 */

export interface GuideCard {
  slug: string;
  title: string;
  summary: string;
  category: GuideCategory;
  tags: string[];
  readingMinutes: number;
  updated: string;
}

export interface PublishedGuide extends GuideCard {
  tree: GuideTree;
  revisionNumber: number;
}

interface PublishedEntry {
  slug: string;
  revisionNumber: number;
  render: GuideRender;
}

async function publishedEntries(slug?: string): Promise<PublishedEntry[]> {
  const rows = await db()
    .selectFrom("guides")
    .innerJoin("guide_revisions as r", "r.id", "guides.published_revision_id")
    .select(["guides.slug", "r.id", "r.number", "r.content_hash"])
    .$if(slug !== undefined, (query) => query.where("guides.slug", "=", slug as string))
    .execute();
  const renders = await loadRenders(rows.map((row) => row.content_hash));
  const entries: PublishedEntry[] = [];
  for (const row of rows) {
    const render =
      renders.get(row.content_hash) ?? (await renderOf({ contentHash: row.content_hash, source: () => revisionSource(row.id) }));
    entries.push({ slug: row.slug, revisionNumber: Number(row.number), render });
  }
  return entries;
}

function toCard({ slug, render }: PublishedEntry): GuideCard {
  const { title, summary, category, tags, updated } = render.frontmatter;
  return { slug, title, summary, category, tags, readingMinutes: render.readingMinutes, updated };
}

function searchTerms(query: string): string[] {
  return query.toLocaleLowerCase("en-GB").split(/\s+/).filter(Boolean).slice(0, 12);
}

/** Every term must appear somewhere; title and summary hits rank first. 0 means no match. */
function matchScore(entry: PublishedEntry, terms: readonly string[]): number {
  const { title, summary, tags } = entry.render.frontmatter;
  const fields = {
    title: title.toLocaleLowerCase("en-GB"),
    summary: summary.toLocaleLowerCase("en-GB"),
    tags: tags.join(" ").toLocaleLowerCase("en-GB"),
    body: entry.render.text.toLocaleLowerCase("en-GB"),
  };
  let score = 0;
  for (const term of terms) {
    const weight = (fields.title.includes(term) ? 4 : 0) + (fields.tags.includes(term) ? 3 : 0) + (fields.summary.includes(term) ? 2 : 0) + (fields.body.includes(term) ? 1 : 0);
    if (weight === 0) return 0;
    score += weight;
  }
  return score;
}

export interface GuideListing {
  guides: GuideCard[];
  /** every category, with how many guides match the search in it */
  categories: { category: GuideCategory; label: string; count: number }[];
  total: number;
}

// Bad search input is ignored rather than refused: the guides page must always answer.
const guideSearchSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  category: z.enum(GUIDE_CATEGORIES).optional().catch(undefined),
});

/** The guides page's search form, read with Conform: always a result, and the reply to show it again. */
export function readGuideSearch(params: URLSearchParams) {
  const submission = parseWithZod(params, { schema: guideSearchSchema });
  const { q, category } = submission.status === "success" ? submission.value : { q: "", category: undefined };
  return { q, category, reply: submission.reply() };
}

export async function listGuides(filter: { q?: string; category?: GuideCategory } = {}): Promise<GuideListing> {
  const entries = await publishedEntries();
  const terms = searchTerms(filter.q ?? "");
  const scored = entries
    .map((entry) => ({ entry, score: terms.length === 0 ? 1 : matchScore(entry, terms) }))
    .filter(({ score }) => score > 0);
  const categories = GUIDE_CATEGORIES.map((category) => ({
    category,
    label: CATEGORY_LABELS[category],
    count: scored.filter(({ entry }) => entry.render.frontmatter.category === category).length,
  }));
  const guides = scored
    .filter(({ entry }) => !filter.category || entry.render.frontmatter.category === filter.category)
    .sort((a, b) => b.score - a.score || a.entry.render.frontmatter.title.localeCompare(b.entry.render.frontmatter.title, "en-GB"))
    .map(({ entry }) => toCard(entry));
  return { guides, categories, total: entries.length };
}

export async function getPublishedGuide(slug: string): Promise<PublishedGuide | null> {
  const [entry] = await publishedEntries(slug);
  if (!entry) return null;
  return { ...toCard(entry), tree: entry.render.tree, revisionNumber: entry.revisionNumber };
}

function related(entries: readonly PublishedEntry[], self: PublishedEntry, limit: number): GuideCard[] {
  const tags = new Set(self.render.frontmatter.tags);
  return entries
    .filter((entry) => entry.slug !== self.slug)
    .map((entry) => ({
      entry,
      score:
        entry.render.frontmatter.tags.filter((tag) => tags.has(tag)).length * 2 +
        (entry.render.frontmatter.category === self.render.frontmatter.category ? 1 : 0),
    }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || a.entry.render.frontmatter.title.localeCompare(b.entry.render.frontmatter.title, "en-GB"))
    .slice(0, limit)
    .map(({ entry }) => toCard(entry));
}

/** Guides sharing the category or tags, the most shared tags first. */
export async function relatedGuides(slug: string, limit = 3): Promise<GuideCard[]> {
  const entries = await publishedEntries();
  const self = entries.find((entry) => entry.slug === slug);
  return self ? related(entries, self, limit) : [];
}

/** A guide page's data from one read of the published set. */
// A render's tree as JSON text, made once per cached render (renders are kept by content hash).
const treeJson = new WeakMap<GuideRender, string>();

function treeJsonOf(render: GuideRender): string {
  let json = treeJson.get(render);
  if (json === undefined) {
    json = JSON.stringify(render.tree);
    treeJson.set(render, json);
  }
  return json;
}

export interface GuidePage {
  /** the tree as JSON text: the page's data serialises one string instead of every node */
  guide: Omit<PublishedGuide, "tree"> & { tree: string };
  related: GuideCard[];
}

export async function getGuidePage(slug: string, relatedLimit = 3): Promise<GuidePage | null> {
  const entries = await publishedEntries();
  const self = entries.find((entry) => entry.slug === slug);
  if (!self) return null;
  return { guide: { ...toCard(self), tree: treeJsonOf(self.render), revisionNumber: self.revisionNumber }, related: related(entries, self, relatedLimit) };
}

const guideAddressSchema = z.object({ slug: z.string().max(80).regex(GUIDE_SLUG_PATTERN) });

/** The guide at an address, or not found — for a malformed address too, so probing learns nothing. */
export async function guidePageAt(params: { slug?: string }): Promise<GuidePage> {
  const address = guideAddressSchema.safeParse(params);
  const page = address.success ? await getGuidePage(address.data.slug) : null;
  if (!page) throw new DomainError("not_found", "There is no guide at that address.");
  return page;
}
