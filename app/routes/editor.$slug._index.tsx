import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/access/guards.server";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page-heading";
import { TextAreaField } from "~/components/text-area-field";
import { formatDateTime } from "~/format/dates";
import { errorsFor, type EditorActionData } from "~/guides/editor-form";
import { invalidForm, previewOf, problemErrors, refusal } from "~/guides/editor-form.server";
import { GuideArticle } from "~/guides/guide-article";
import { publishRevision, rejectRevision, saveDraft, submitForReview } from "~/guides/guide-editorial.server";
import { previewRender } from "~/guides/guide-renders.server";
import { SourceHint } from "~/guides/source-hint";
import { editorialActor, isGuideSlug } from "~/guides/guide-store.server";
import { getGuideWorkspace } from "~/guides/guide-workspace.server";
import { RevisionDiff } from "~/guides/revision-diff";
import { RevisionStatus } from "~/guides/revision-status";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Edit ${data.workspace.title} · Guide editor · Strongroom` : "Guide editor · Strongroom" }];

const STATUS_MESSAGES = {
  created: "Guide created as a draft. Preview it, then submit it for review.",
  saved: "Draft saved.",
  submitted: "Submitted for review. Another editor will publish or reject it.",
  published: "Published. Customers now see this revision.",
  rejected: "Rejected. The author will see your comment on this page.",
  restored: "The earlier revision is now a new draft. Check it, then submit it for review.",
} as const;

type StatusKey = keyof typeof STATUS_MESSAGES;

function notFound(): Response {
  return new Response("Not Found", { status: 404, statusText: "Not Found" });
}

function slugFrom(params: LoaderFunctionArgs["params"]): string {
  const slug = params.slug ?? "";
  if (!isGuideSlug(slug)) throw notFound();
  return slug;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "draft:guide:any");
  const slug = slugFrom(args.params);
  const workspace = await getGuideWorkspace(slug, user.id);
  if (!workspace) throw notFound();
  const status = new URL(args.request.url).searchParams.get("status");
  return {
    workspace,
    viewerId: user.id,
    canPublish: user.permissions.has("publish:guide:any"),
    status: status && Object.hasOwn(STATUS_MESSAGES, status) ? (status as StatusKey) : null,
  };
}

function actionSchema() {
  // Its length is checked once, by the validator (GUIDE_SOURCE_MAX_CHARS), with the other problems.
  const source = z.string({ required_error: "Enter the guide's text" });
  const revisionId = z.string().min(1).max(64);
  return z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("preview"), source }),
    z.object({ intent: z.literal("save"), source }),
    z.object({ intent: z.literal("submit"), source }),
    z.object({ intent: z.literal("publish"), revisionId }),
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
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "draft:guide:any");
  const slug = slugFrom(args.params);
  const form = await args.request.formData();
  const typed = typeof form.get("source") === "string" ? String(form.get("source")) : undefined;
  const submission = parseWithZod(form, { schema: actionSchema() });
  if (submission.status !== "success") {
    const errors = Object.entries(submission.error ?? {}).flatMap(([field, messages]) =>
      (messages ?? []).map((message) => ({ field: field === "comment" || field === "source" ? field : "review", message: field === "comment" || field === "source" ? message : "That request was not understood; reload the page and try again." })),
    );
    return invalidForm(errors, { source: typed });
  }
  const input = submission.value;
  const actor = editorialActor(user, args.context);
  const done = (status: StatusKey) => redirect(`/editor/${slug}?status=${status}`);

  switch (input.intent) {
    case "preview": {
      const outcome = await previewRender(input.source);
      if (!outcome.ok) return Response.json({ errors: problemErrors(outcome.problems, input.source), source: input.source } satisfies EditorActionData, { status: 422 });
      return Response.json({ errors: [], source: input.source, preview: previewOf(outcome.render) } satisfies EditorActionData);
    }
    case "save":
    case "submit": {
      const saved = await saveDraft(actor, slug, input.source);
      if (!saved.ok) return refusal(saved, { field: "source", source: input.source });
      if (input.intent === "save") return done("saved");
      const submitted = await submitForReview(actor, slug, saved.value.id);
      if (!submitted.ok) return refusal(submitted, { field: "source", source: input.source });
      return done("submitted");
    }
    case "publish": {
      await requirePermission(args, "publish:guide:any");
      const published = await publishRevision(actor, slug, input.revisionId);
      return published.ok ? done("published") : refusal(published, { field: "review" });
    }
    case "reject": {
      await requirePermission(args, "publish:guide:any");
      const rejected = await rejectRevision(actor, slug, input.revisionId, input.comment);
      return rejected.ok ? done("rejected") : refusal(rejected, { field: "review" });
    }
  }
}

const buttonPrimary = "rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800";
const buttonSecondary = "rounded border-2 border-slate-600 bg-white px-4 py-2 font-semibold hover:bg-slate-100";

export default function EditGuide() {
  const { workspace, viewerId, canPublish, status } = useLoaderData<typeof loader>();
  const result = useActionData<EditorActionData>();
  const { open, published, lastRejected } = workspace;
  const inReview = open?.status === "in_review" ? open : null;
  const ownReview = inReview !== null && inReview.authorId === viewerId;

  return (
    <div className="space-y-8">
      <PageHeading title={`Edit “${workspace.title}”`}>
        <ul className="flex flex-wrap gap-x-6 text-base">
          <li>
            <Link to="/editor">All guides</Link>
          </li>
          <li>
            <Link to={`/editor/${workspace.slug}/history`}>Revision history</Link>
          </li>
          {published ? (
            <li>
              <Link to={`/security/guides/${workspace.slug}`}>The published guide</Link>
            </li>
          ) : null}
        </ul>
      </PageHeading>

      {status ? (
        <p role="status" className="rounded border border-brand-700 bg-brand-50 p-3">
          {STATUS_MESSAGES[status]}
        </p>
      ) : null}
      <ErrorSummary errors={result?.errors ?? []} />

      <section aria-labelledby="guide-state" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="guide-state" className="text-xl font-semibold">
          Where this guide stands
        </h2>
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          <dt className="font-semibold">Customers see</dt>
          <dd>{published ? `Revision ${published.number}, published ${formatDateTime(published.decidedAt)}${published.decidedByName ? ` by ${published.decidedByName}` : ""}` : "Nothing yet: this guide has never been published"}</dd>
          <dt className="font-semibold">In progress</dt>
          <dd>
            {open ? (
              <>
                <RevisionStatus status={open.status} /> revision {open.number} by {open.authorId === viewerId ? "you" : open.authorName}
                {open.status === "draft" ? `, saved ${formatDateTime(open.createdAt)}` : `, submitted ${formatDateTime(open.submittedAt)}`}
              </>
            ) : (
              "Nothing"
            )}
          </dd>
        </dl>
      </section>

      {lastRejected ? (
        <section aria-labelledby="rejection" className="rounded-lg border-2 border-red-700 bg-red-50 p-4">
          <h2 id="rejection" className="text-lg font-semibold text-red-900">
            Revision {lastRejected.number} was rejected
          </h2>
          <p className="mt-1">
            {lastRejected.decidedByName ?? "An editor"} rejected it {formatDateTime(lastRejected.decidedAt)}:
          </p>
          <blockquote className="mt-2 border-l-4 border-red-700 pl-3 whitespace-pre-wrap">{lastRejected.reviewComment}</blockquote>
        </section>
      ) : null}

      {inReview ? (
        <section id="review" tabIndex={-1} aria-labelledby="review-title" className="space-y-4 rounded-lg border-2 border-amber-700 bg-white p-4">
          <h2 id="review-title" className="text-xl font-semibold">
            Revision {inReview.number} is waiting for review
          </h2>
          <p>
            Submitted by {ownReview ? "you" : inReview.authorName} {formatDateTime(inReview.submittedAt)}.
          </p>
          {ownReview ? (
            <p className="font-semibold">You wrote this revision, so another editor must publish or reject it.</p>
          ) : canPublish ? (
            <div className="flex flex-wrap items-start gap-8">
              <Form method="post">
                <AuthenticityField />
                <input type="hidden" name="intent" value="publish" />
                <input type="hidden" name="revisionId" value={inReview.id} />
                <button type="submit" className={buttonPrimary}>
                  Publish revision {inReview.number}
                </button>
              </Form>
              <Form method="post" className="min-w-72 flex-1 space-y-2">
                <AuthenticityField />
                <input type="hidden" name="intent" value="reject" />
                <input type="hidden" name="revisionId" value={inReview.id} />
                <TextAreaField id="comment" label="Why are you rejecting it?" hint="The author sees this comment." rows={3} maxLength={2000} error={errorsFor(result, "comment")} className="font-sans" />
                <button type="submit" className={buttonSecondary}>
                  Reject revision {inReview.number}
                </button>
              </Form>
            </div>
          ) : (
            <p>You can read it, but publishing needs the publish permission.</p>
          )}
          {workspace.openDiff ? (
            <>
              <h3 className="text-lg font-semibold">
                Changes from the published text ({workspace.openDiff.added} added, {workspace.openDiff.removed} removed)
              </h3>
              <RevisionDiff lines={workspace.openDiff.lines} caption={`Changes in revision ${inReview.number}`} />
            </>
          ) : null}
        </section>
      ) : null}

      {workspace.canEdit ? (
        <Form method="post" className="space-y-4">
          <AuthenticityField />
          <TextAreaField
            key={open?.contentHash ?? "published"}
            id="source"
            label="Guide text (MDX)"
            hint={<SourceHint />}
            rows={24}
            spellCheck
            defaultValue={result?.source ?? workspace.editableSource}
            error={errorsFor(result, "source")}
          />
          <div className="flex flex-wrap gap-4">
            <button type="submit" name="intent" value="preview" className={buttonSecondary}>
              Preview
            </button>
            <button type="submit" name="intent" value="save" className={buttonSecondary}>
              Save draft
            </button>
            <button type="submit" name="intent" value="submit" className={buttonPrimary}>
              Save and submit for review
            </button>
          </div>
        </Form>
      ) : !inReview ? (
        <p className="rounded border border-slate-400 bg-white p-3">
          {open?.authorName} has a draft of this guide open. It can be edited again once it has been submitted and decided.
        </p>
      ) : null}

      {result?.preview ? (
        <section aria-labelledby="preview-title" className="rounded-lg border-2 border-dashed border-slate-500 bg-white p-4">
          <h2 id="preview-title" className="mb-4 text-sm font-semibold uppercase tracking-wide text-slate-700">
            Preview (not saved) — exactly as customers will see it
          </h2>
          <GuideArticle {...result.preview} headingLevel={2} />
        </section>
      ) : workspace.openPreview && open ? (
        <section aria-labelledby="preview-title" className="rounded-lg border-2 border-dashed border-slate-500 bg-white p-4">
          <h2 id="preview-title" className="mb-4 text-sm font-semibold uppercase tracking-wide text-slate-700">
            Revision {open.number} ({open.status === "draft" ? "draft" : "in review"}) as customers will see it
          </h2>
          <GuideArticle {...workspace.openPreview} headingLevel={2} />
        </section>
      ) : null}
    </div>
  );
}
