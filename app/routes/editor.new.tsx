import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { requirePermission } from "~/access/guards.server";
import { respondWith } from "~/access/page-outcome.server";
import { nowIso } from "~/clock.server";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page-heading";
import { TextField } from "~/components/text-field";
import { formProps, useReplyForm } from "~/forms/reply-form";
import { newGuideTemplate, resultFor, summaryErrors, type EditorActionData } from "~/guides/editor-form";
import { createGuideFromForm } from "~/guides/editor-pages.server";
import { GuidePreviewPanel } from "~/guides/guide-preview-panel";
import { GuideActions, GuideSourceField } from "~/guides/guide-source-field";

export const meta: MetaFunction = () => [{ title: "New guide · Guide editor · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "draft:guide:any");
  return { template: newGuideTemplate(nowIso().slice(0, 10)) };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "draft:guide:any");
  return respondWith(await createGuideFromForm(user, args.context, await args.request.formData()));
}

export default function NewGuide() {
  const { template } = useLoaderData<typeof loader>();
  const data = useActionData<EditorActionData>();
  const [form, fields] = useReplyForm<{ slug: string; source: string }>({
    id: "new-guide",
    lastResult: resultFor(data, "source"),
    defaultValue: { slug: "", source: template },
  });
  const errors = useMemo(
    () =>
      summaryErrors([
        { id: form.id, errors: form.errors },
        { id: fields.slug.id, errors: fields.slug.errors },
        { id: fields.source.id, errors: fields.source.errors },
      ]),
    [form.id, form.errors, fields.slug.id, fields.slug.errors, fields.source.id, fields.source.errors],
  );
  return (
    <div className="space-y-8">
      <PageHeading title="Write a new guide">
        It starts as your draft. Preview it, save it, then submit it so another editor can publish it. <Link to="/editor">Back to all guides</Link>
      </PageHeading>
      <ErrorSummary errors={errors} />
      <Form method="post" {...formProps(form)} className="space-y-4">
        <AuthenticityField />
        <TextField

          id={fields.slug.id}
          name={fields.slug.name}
          label="Web address"
          hint="Lowercase words joined by hyphens; the guide will live at /security/guides/ followed by this. It can't be changed later."
          defaultValue={fields.slug.initialValue}
          error={fields.slug.errors?.[0]}
          autoComplete="off"
          spellCheck={false}
          maxLength={80}
        />
        <GuideSourceField field={fields.source} />
        <GuideActions
          actions={[
            { intent: "preview", label: "Preview" },
            { intent: "create", label: "Create draft", primary: true },
          ]}
        />
      </Form>
      {data?.preview ? <GuidePreviewPanel preview={data.preview} heading="Preview (not saved) — exactly as customers will see it" fresh /> : null}
    </div>
  );
}
