import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { requirePermission } from "~/access/guards.server";
import { respondWith } from "~/access/page-outcome.server";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page-heading";
import { formProps, useReplyForm } from "~/forms/reply-form";
import { resultFor, summaryErrors, type EditorActionData, type EditorStatus } from "~/guides/editor-form";
import { editGuideFromForm, guideSlug, guideWorkspace } from "~/guides/editor-pages.server";
import { GuidePreviewPanel } from "~/guides/guide-preview-panel";
import { GuideReviewPanel } from "~/guides/guide-review-panel";
import { GuideActions, GuideSourceField } from "~/guides/guide-source-field";
import { GuideStatePanel } from "~/guides/guide-state-panel";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Edit ${data.workspace.title} · Guide editor · Strongroom` : "Guide editor · Strongroom" }];

const STATUS_MESSAGES: Record<EditorStatus, string> = {
  created: "Guide created as a draft. Preview it, then submit it for review.",
  saved: "Draft saved.",
  submitted: "Submitted for review. Another editor will publish or reject it.",
  withdrawn: "Withdrawn from review. It is your draft again: change it, then submit it when it is ready.",
  published: "Published. Customers now see this revision.",
  rejected: "Rejected. The author will see your comment on this page.",
  restored: "The earlier revision is now a new draft. Check it, then submit it for review.",
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "draft:guide:any");
  const workspace = await guideWorkspace(guideSlug(args.params), user.id);
  const status = new URL(args.request.url).searchParams.get("status");
  return {
    workspace,
    viewerId: user.id,
    canPublish: user.permissions.has("publish:guide:any"),
    status: status && Object.hasOwn(STATUS_MESSAGES, status) ? (status as EditorStatus) : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "draft:guide:any");
  return respondWith(await editGuideFromForm(user, args.context, guideSlug(args.params), await args.request.formData(), () => requirePermission(args, "publish:guide:any")));
}

export default function EditGuide() {
  const { workspace, viewerId, canPublish, status } = useLoaderData<typeof loader>();
  const data = useActionData<EditorActionData>();
  const { open, published, lastRejected } = workspace;
  const inReview = open?.status === "in_review" ? open : null;
  const [form, fields] = useReplyForm<{ source: string }>({
    id: "guide-source",
    lastResult: resultFor(data, "source"),
    defaultValue: { source: workspace.editableSource },
  });
  const review = resultFor(data, "review");
  const errors = useMemo(
    () =>
      summaryErrors([
        { id: form.id, errors: form.errors },
        { id: fields.source.id, errors: fields.source.errors },
        { id: "review", errors: [...(review?.error?.[""] ?? []), ...(review?.error?.comment ?? [])] },
      ]),
    [form.id, form.errors, fields.source.id, fields.source.errors, review],
  );

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
      <ErrorSummary errors={errors} />
      <GuideStatePanel published={published} open={open} lastRejected={lastRejected} viewerId={viewerId} />

      {inReview ? (
        <GuideReviewPanel revision={inReview} ownReview={inReview.authorId === viewerId} canPublish={canPublish} diff={workspace.openDiff} lastResult={review} />
      ) : null}

      {workspace.canEdit ? (
        <Form method="post" {...formProps(form)} className="space-y-4">
          <AuthenticityField />
          <GuideSourceField field={fields.source} />
          <GuideActions
            actions={[
              { intent: "preview", label: "Preview" },
              { intent: "save", label: "Save draft" },
              { intent: "submit", label: "Save and submit for review", primary: true },
            ]}
          />
        </Form>
      ) : !inReview ? (
        <p className="rounded border border-slate-400 bg-white p-3">
          {open?.authorName} has a draft of this guide open. It can be edited again once it has been submitted and decided.
        </p>
      ) : null}

      {data?.preview ? (
        <GuidePreviewPanel preview={data.preview} heading="Preview (not saved) — exactly as customers will see it" fresh />
      ) : workspace.openPreview && open ? (
        <GuidePreviewPanel preview={workspace.openPreview} heading={`Revision ${open.number} (${open.status === "draft" ? "draft" : "in review"}) as customers will see it`} fresh={false} />
      ) : null}
    </div>
  );
}
