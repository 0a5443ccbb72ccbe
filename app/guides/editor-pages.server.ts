import { parseWithZod } from "@conform-to/zod";
import { DomainError } from "~/errors/domain-error";
import type { PageOutcome } from "~/access/page-outcome.server";
import type { RequestContext } from "~/edge/request-context";
import type { EditorStatus } from "./editor-form";
import { compareRevisionsSchema, editGuideSchema, invalidSubmission, newGuideSchema, previewAnswer, refusal, restoreRevisionSchema, sourceProblems, withCompileRefusals, type EditorAnswer } from "./editor-form.server";
import { createGuide, publishRevision, rejectRevision, restoreRevision, saveDraft, submitForReview, withdrawSubmission } from "./guide-editorial.server";
import { compareRevisions, getGuideHistory } from "./guide-history.server";
import { previewRender } from "./guide-renders.server";
import { editorialActor, isGuideSlug } from "./guide-store.server";
import { getGuideWorkspace } from "./guide-workspace.server";

/**
 * What the guide editor's pages load and do, so each route is validate → authorise → one call
 * → render. Outcomes are data: an answer for the form (sent with its status), or where to go.
 */

interface Editor {
  id: string;
  roles: readonly string[];
}

export type EditorOutcome = PageOutcome<EditorAnswer["body"]>;

/** A finished action goes back to the guide's editor, with a notice of what was done. */
function finished(slug: string, status: EditorStatus): EditorOutcome {
  return { goTo: `/editor/${slug}?status=${status}` };
}

export function guideSlug(params: { slug?: string }): string {
  const slug = params.slug ?? "";
  if (!isGuideSlug(slug)) throw new DomainError("not_found", "There is no guide at that address.");
  return slug;
}

export async function guideWorkspace(slug: string, editorId: string) {
  const workspace = await getGuideWorkspace(slug, editorId);
  if (!workspace) throw new DomainError("not_found", "There is no guide at that address.");
  return workspace;
}

/** The history page, comparing the two revisions its compare form asks for. */
export async function guideHistory(slug: string, params: URLSearchParams) {
  const history = await getGuideHistory(slug);
  if (!history) throw new DomainError("not_found", "There is no guide at that address.");
  const newest = history.revisions[0]?.number ?? 1;
  const submission = parseWithZod(params, { schema: compareRevisionsSchema });
  const asked = submission.status === "success" ? submission.value : {};
  // What was not asked for (or not understood) is "the newest against the one before".
  const to = asked.to ?? newest;
  const from = asked.from ?? Math.max(1, to - 1);
  const comparison = from === to ? null : await compareRevisions(slug, from, to);
  return { history, comparison, from, to, compare: submission.reply() };
}

export async function createGuideFromForm(editor: Editor, context: RequestContext, form: FormData): Promise<EditorOutcome> {
  const submission = parseWithZod(form, { schema: newGuideSchema });
  if (submission.status !== "success") return invalidSubmission("source", submission, ["slug", "source"]);
  const { intent, slug, source } = submission.value;
  return withCompileRefusals(submission, async (): Promise<EditorOutcome> => {
    if (intent === "preview") {
      const outcome = await previewRender(source);
      return outcome.ok ? previewAnswer(submission, outcome.render) : sourceProblems(submission, outcome.problems, source);
    }
    const created = await createGuide(editorialActor(editor, context), slug, source);
    if (!created.ok) return refusal("source", submission, created, created.code === "invalid_slug" || created.code === "slug_taken" ? "slug" : "source", source);
    return finished(created.value.slug, "created");
  });
}

/**
 * The edit page's forms. Publishing and rejecting need the publisher's permission too: the
 * route passes its own (audited) check, run only when one of those is asked for.
 */
export async function editGuideFromForm(editor: Editor, context: RequestContext, slug: string, form: FormData, requirePublisher: () => Promise<unknown>): Promise<EditorOutcome> {
  const submission = parseWithZod(form, { schema: editGuideSchema });
  if (submission.status !== "success") {
    const onSource = ["preview", "save", "submit"].includes(String(form.get("intent")));
    return invalidSubmission(onSource ? "source" : "review", submission, onSource ? ["source"] : ["comment"]);
  }
  const input = submission.value;
  const actor = editorialActor(editor, context);
  const done = (status: EditorStatus) => finished(slug, status);

  switch (input.intent) {
    case "preview":
      return withCompileRefusals(submission, async () => {
        const outcome = await previewRender(input.source);
        return outcome.ok ? previewAnswer(submission, outcome.render) : sourceProblems(submission, outcome.problems, input.source);
      });
    case "save":
    case "submit":
      return withCompileRefusals(submission, async (): Promise<EditorOutcome> => {
        const saved = await saveDraft(actor, slug, input.source);
        if (!saved.ok) return refusal("source", submission, saved, "source", input.source);
        if (input.intent === "save") return done("saved");
        const submitted = await submitForReview(actor, slug, saved.value.id);
        return submitted.ok ? done("submitted") : refusal("source", submission, submitted, "source");
      });
    case "withdraw": {
      const withdrawn = await withdrawSubmission(actor, slug, input.revisionId);
      return withdrawn.ok ? done("withdrawn") : refusal("review", submission, withdrawn, null);
    }
    case "publish": {
      await requirePublisher();
      const published = await publishRevision(actor, slug, input.revisionId);
      return published.ok ? done("published") : refusal("review", submission, published, null);
    }
    case "reject": {
      await requirePublisher();
      const rejected = await rejectRevision(actor, slug, input.revisionId, input.comment);
      return rejected.ok ? done("rejected") : refusal("review", submission, rejected, null);
    }
  }
}

export async function restoreFromForm(editor: Editor, context: RequestContext, slug: string, form: FormData): Promise<EditorOutcome> {
  const submission = parseWithZod(form, { schema: restoreRevisionSchema });
  if (submission.status !== "success") return invalidSubmission("revisions", submission, []);
  return withCompileRefusals(
    submission,
    async (): Promise<EditorOutcome> => {
      const outcome = await restoreRevision(editorialActor(editor, context), slug, submission.value.revisionId);
      return outcome.ok ? finished(slug, "restored") : refusal("revisions", submission, outcome, null);
    },
    "revisions",
  );
}
