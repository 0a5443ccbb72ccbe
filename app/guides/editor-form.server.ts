import type { FieldError } from "~/components/error-summary";
import type { EditorActionData, GuidePreview } from "./editor-form";
import { EDITORIAL_ERROR_STATUS, type EditorialFailure } from "./guide-editorial.server";
import type { GuideRender } from "./guide-renders.server";
import { splitSourceLines } from "./line-diff";
import type { GuideProblem } from "./validate-mdx.server";

const MAX_LISTED_PROBLEMS = 20;

/** "Line 9: … (the line itself)", so an editor finds the spot in a plain textarea. */
export function problemErrors(problems: readonly GuideProblem[], source: string, field = "source"): FieldError[] {
  const lines = splitSourceLines(source);
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => {
    const text = (lines[problem.line - 1] ?? "").trim();
    const excerpt = text ? ` (line reads: ${text.length > 80 ? `${text.slice(0, 80)}…` : text})` : "";
    return { field, message: `Line ${problem.line}: ${problem.message}${excerpt}` };
  });
  if (problems.length > MAX_LISTED_PROBLEMS) listed.push({ field, message: `…and ${problems.length - MAX_LISTED_PROBLEMS} more problems.` });
  return listed;
}

export function previewOf(render: GuideRender): GuidePreview {
  const { title, summary, category, updated } = render.frontmatter;
  return { title, summary, category, updated, readingMinutes: render.readingMinutes, tree: render.tree };
}

/** A refused editorial action as the form shows it, with the status the refusal deserves. */
export function refusal(failure: EditorialFailure, fields: { field: string; source?: string; slug?: string }): Response {
  const errors = failure.problems && fields.source !== undefined ? problemErrors(failure.problems, fields.source) : [{ field: fields.field, message: failure.message }];
  const data: EditorActionData = { errors, source: fields.source, slug: fields.slug };
  return Response.json(data, { status: EDITORIAL_ERROR_STATUS[failure.code] });
}

export function invalidForm(errors: FieldError[], fields: { source?: string; slug?: string } = {}): Response {
  const data: EditorActionData = { errors, ...fields };
  return Response.json(data, { status: 400 });
}
