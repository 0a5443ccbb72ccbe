import type { Submission } from "@conform-to/react";
import { z } from "zod";
import { HTTP_STATUS } from "~/access/http-errors.server";
import { isDomainError } from "~/errors/domain-error";
import type { EditorActionData, EditorFormName, GuidePreview } from "./editor-form";
import { EDITORIAL_ERROR_STATUS, type EditorialFailure } from "./guide-editorial.server";
import type { GuideRender } from "./guide-renders.server";
import type { GuideProblem } from "./validate-mdx.server";

const MAX_LISTED_PROBLEMS = 20;
const NOT_UNDERSTOOD = "That request was not understood; reload the page and try again.";

/** "Line 9: … (the line itself)", so an editor finds the spot in a plain textarea. */
export function problemMessages(problems: readonly GuideProblem[], source: string): string[] {
  const lines = source.split(/\r\n|\r|\n/);
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => {
    const text = (lines[problem.line - 1] ?? "").trim();
    const excerpt = text ? ` (line reads: ${text.length > 80 ? `${text.slice(0, 80)}…` : text})` : "";
    return `Line ${problem.line}: ${problem.message}${excerpt}`;
  });
  if (problems.length > MAX_LISTED_PROBLEMS) listed.push(`…and ${problems.length - MAX_LISTED_PROBLEMS} more problems.`);
  return listed;
}

export function previewOf(render: GuideRender): GuidePreview {
  const { title, summary, category, updated } = render.frontmatter;
  return { title, summary, category, updated, readingMinutes: render.readingMinutes, tree: render.tree };
}

type AnySubmission = Submission<unknown, string[]>;

/** What an editor action answers when it does not redirect: the route sends it with `data()`. */
export interface EditorAnswer {
  body: EditorActionData;
  status: number;
}

// The editor's forms, validated on the server only (server modules never reach the browser).
// Lengths of the guide's text are checked once, by the validator (GUIDE_SOURCE_MAX_CHARS).
const source = z.string({ required_error: "Enter the guide's text" });
const revisionId = z.string().min(1).max(64);

export const newGuideSchema = z.object({
  intent: z.enum(["preview", "create"]),
  slug: z
    .string({ required_error: "Enter the guide's web address, for example keeping-cards-safe" })
    .trim()
    .toLowerCase()
    .max(80, "Use 80 characters or fewer"),
  source,
});

export const editGuideSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["preview", "save", "submit"]), source }),
  z.object({ intent: z.enum(["publish", "withdraw"]), revisionId }),
  z.object({
    intent: z.literal("reject"),
    revisionId,
    comment: z
      .string({ required_error: "Say why the revision is rejected, so its author can fix it" })
      .trim()
      .min(3, "Say why the revision is rejected, so its author can fix it")
      .max(2000, "Keep the comment under 2,000 characters"),
  }),
]);

export const restoreRevisionSchema = z.object({ intent: z.literal("restore"), revisionId });

const revisionNumber = z.coerce.number().int().min(1).max(1_000_000);

/** The history page's compare form: a malformed or out-of-range number is left out, never refused. */
export const compareRevisionsSchema = z.object({ from: revisionNumber.optional().catch(undefined), to: revisionNumber.optional().catch(undefined) });

/** The CSRF token is never echoed back into a form. */
const HIDDEN = ["_csrf"];

function answer(form: EditorFormName, submission: AnySubmission, errors: { field?: Record<string, string[]>; form?: string[] }, status: number, preview?: GuidePreview): EditorAnswer {
  const result = submission.reply({ fieldErrors: errors.field, formErrors: errors.form, hideFields: HIDDEN });
  return { body: { form, result, ...(preview ? { preview } : {}) }, status };
}

/** A request the schema refused: the field's own message when it has one, else "not understood". */
export function invalidSubmission(form: EditorFormName, submission: AnySubmission, fields: readonly string[]): EditorAnswer {
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const [name, messages] of Object.entries(submission.status === "error" ? (submission.error ?? {}) : {})) {
    if (fields.includes(name)) fieldErrors[name] = messages ?? [];
    else if (!formErrors.includes(NOT_UNDERSTOOD)) formErrors.push(NOT_UNDERSTOOD);
  }
  return answer(form, submission, { field: fieldErrors, form: formErrors }, 400);
}

/** Problems in the guide's text, listed next to the source field. */
export function sourceProblems(submission: AnySubmission, problems: readonly GuideProblem[], source: string): EditorAnswer {
  return answer("source", submission, { field: { source: problemMessages(problems, source) } }, 422);
}

/**
 * A refused editorial action with the status the refusal deserves: on the field it concerns,
 * or on the form as a whole when `field` is null.
 */
export function refusal(form: EditorFormName, submission: AnySubmission, failure: EditorialFailure, field: string | null, source?: string): EditorAnswer {
  const messages = failure.problems && source !== undefined ? problemMessages(failure.problems, source) : [failure.message];
  return answer(form, submission, field === null ? { form: messages } : { field: { [field]: messages } }, EDITORIAL_ERROR_STATUS[failure.code]);
}

export function previewAnswer(submission: AnySubmission, render: GuideRender): EditorAnswer {
  return answer("source", submission, {}, 200, previewOf(render));
}

/**
 * Runs an editor action that compiles a guide. A guide too complex for the compiler's deadline,
 * or a compiler too busy to take it, is told next to the text (422/503), keeping what was typed.
 */
export async function withCompileRefusals<T>(submission: AnySubmission, run: () => Promise<T>, form: EditorFormName = "source"): Promise<T | EditorAnswer> {
  try {
    return await run();
  } catch (error) {
    if (isDomainError(error, "too_complex") || isDomainError(error, "unavailable")) {
      const errors = form === "source" ? { field: { source: [error.message] } } : { form: [error.message] };
      return answer(form, submission, errors, HTTP_STATUS[error.code]);
    }
    throw error;
  }
}
