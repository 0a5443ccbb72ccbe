import type { FieldError } from "~/components/error-summary";
import type { GuideTree } from "./guide-tree";

/** What editor actions send back to the form: errors per field, the text as typed, a preview. */
export interface EditorActionData {
  errors: FieldError[];
  /** the editor's text, echoed so nothing typed is lost when the page renders again without JS */
  source?: string;
  slug?: string;
  preview?: GuidePreview;
}

export interface GuidePreview {
  title: string;
  summary: string;
  category: string;
  readingMinutes: number;
  updated: string;
  tree: GuideTree;
}

export function errorsFor(data: EditorActionData | undefined, field: string): string[] {
  return (data?.errors ?? []).filter((error) => error.field === field).map((error) => error.message);
}

/** The starting text of a new guide: valid as it stands, so Preview works at once. */
export function newGuideTemplate(today: string): string {
  return `---
title: "Title of the new guide"
summary: "One or two sentences saying what the reader will learn and why it matters."
category: scams
tags: ["scams"]
updated: "${today}"
---

Start with the single most useful thing the reader should know.

## What to look for

- A first sign
- A second sign

<Callout type="tip" title="A short title">

Advice that deserves to stand out.

</Callout>
`;
}
