import type { FormReply } from "~/forms/reply-form";
import type { FieldError } from "~/components/error-summary";
import type { GuideTree } from "./guide-tree";

/** Which of the editor page's forms an answer belongs to: each Conform form takes only its own. */
export type EditorFormName = "source" | "review" | "revisions";

/** The notice the editor page shows after an action succeeded (`?status=`). */
export type EditorStatus = "created" | "saved" | "submitted" | "withdrawn" | "published" | "rejected" | "restored";

/** What editor actions send back: Conform's reply for one form, and a preview when asked for one. */
export interface EditorActionData {
  form: EditorFormName;
  result: FormReply;
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

/** The answer for one form, or undefined when the answer was for another form on the page. */
export function resultFor(data: EditorActionData | undefined, form: EditorFormName): FormReply | undefined {
  return data?.form === form ? data.result : undefined;
}

/** Conform's errors as the error summary lists them, each linking to its field (or its form). */
export function summaryErrors(groups: readonly { id: string; errors: readonly string[] | undefined }[]): FieldError[] {
  return groups.flatMap((group) => (group.errors ?? []).map((message) => ({ field: group.id, message })));
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
