import { categoryLabel } from "./guide-categories";
import { GuideContent } from "./guide-content";
import type { GuideTree } from "./guide-tree";
import { formatDay } from "~/format/dates";

export interface GuideArticleProps {
  title: string;
  summary: string;
  category: string;
  readingMinutes: number;
  updated: string;
  tree: GuideTree | string;
  /** 1 on the customer's page; 2 where the article sits inside an editor page */
  headingLevel?: 1 | 2;
}

// Formatting is still ~15 µs; a guide's date changes once per published revision.
const formatted = new Map<string, string>();

function formatUpdated(isoDate: string): string {
  let text = formatted.get(isoDate);
  if (text === undefined) {
    const date = new Date(`${isoDate}T00:00:00Z`);
    text = Number.isNaN(date.getTime()) ? isoDate : formatDay(isoDate);
    if (formatted.size >= 256) formatted.clear();
    formatted.set(isoDate, text);
  }
  return text;
}

/** One layout for customers and for editors' previews, so a preview is exactly what customers get. */
export function GuideArticle({ title, summary, category, readingMinutes, updated, tree, headingLevel = 1 }: GuideArticleProps) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <article className="space-y-4">
      <header className="space-y-2">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-800">{categoryLabel(category)}</p>
        <Heading className="text-3xl font-bold">{title}</Heading>
        <p className="max-w-3xl text-lg text-slate-700">{summary}</p>
        <p className="text-sm text-slate-700">
          {readingMinutes} min read · Updated <time dateTime={updated}>{formatUpdated(updated)}</time>
        </p>
      </header>
      <GuideContent tree={tree} />
    </article>
  );
}
