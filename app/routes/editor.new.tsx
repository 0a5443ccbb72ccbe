import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/access/guards.server";
import { nowIso } from "~/clock.server";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page-heading";
import { TextAreaField } from "~/components/text-area-field";
import { TextField } from "~/components/text-field";
import { errorsFor, newGuideTemplate, type EditorActionData } from "~/guides/editor-form";
import { invalidForm, previewOf, problemErrors, refusal } from "~/guides/editor-form.server";
import { GuideArticle } from "~/guides/guide-article";
import { createGuide } from "~/guides/guide-editorial.server";
import { previewRender } from "~/guides/guide-renders.server";
import { editorialActor } from "~/guides/guide-store.server";
import { SourceHint } from "~/guides/source-hint";

export const meta: MetaFunction = () => [{ title: "New guide · Guide editor · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "draft:guide:any");
  return { template: newGuideTemplate(nowIso().slice(0, 10)) };
}

// A function, not a module-level value: zod calls at import time would ship zod to the browser.
const schema = () =>
  z.object({
  intent: z.enum(["preview", "create"]),
  slug: z
    .string({ required_error: "Enter the guide's web address, for example keeping-cards-safe" })
    .trim()
    .toLowerCase()
    .max(80, "Use 80 characters or fewer"),
  // Its length is checked once, by the validator (GUIDE_SOURCE_MAX_CHARS), with the other problems.
  source: z.string({ required_error: "Enter the guide's text" }),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "draft:guide:any");
  const form = await args.request.formData();
  const typed = { source: typeof form.get("source") === "string" ? String(form.get("source")) : undefined, slug: typeof form.get("slug") === "string" ? String(form.get("slug")) : undefined };
  const submission = parseWithZod(form, { schema: schema() });
  if (submission.status !== "success") {
    const errors = Object.entries(submission.error ?? {}).flatMap(([field, messages]) =>
      (messages ?? []).map((message) => (field === "slug" || field === "source" ? { field, message } : { field: "source", message: "That request was not understood; reload the page and try again." })),
    );
    return invalidForm(errors, typed);
  }
  const { intent, slug, source } = submission.value;
  if (intent === "preview") {
    const outcome = await previewRender(source);
    if (!outcome.ok) return Response.json({ errors: problemErrors(outcome.problems, source), source, slug } satisfies EditorActionData, { status: 422 });
    return Response.json({ errors: [], source, slug, preview: previewOf(outcome.render) } satisfies EditorActionData);
  }
  const created = await createGuide(editorialActor(user, args.context), slug, source);
  if (!created.ok) {
    const field = created.code === "invalid_slug" || created.code === "slug_taken" ? "slug" : "source";
    return refusal(created, { field, source, slug });
  }
  return redirect(`/editor/${created.value.slug}?status=created`);
}

export default function NewGuide() {
  const { template } = useLoaderData<typeof loader>();
  const result = useActionData<EditorActionData>();
  return (
    <div className="space-y-8">
      <PageHeading title="Write a new guide">
        It starts as your draft. Preview it, save it, then submit it so another editor can publish it. <Link to="/editor">Back to all guides</Link>
      </PageHeading>
      <ErrorSummary errors={result?.errors ?? []} />
      <Form method="post" className="space-y-4">
        <AuthenticityField />
        <TextField
          id="slug"
          label="Web address"
          hint="Lowercase words joined by hyphens; the guide will live at /security/guides/ followed by this. It can't be changed later."
          defaultValue={result?.slug ?? ""}
          error={errorsFor(result, "slug")[0]}
          autoComplete="off"
          spellCheck={false}
          maxLength={80}
        />
        <TextAreaField id="source" label="Guide text (MDX)" hint={<SourceHint />} rows={24} spellCheck defaultValue={result?.source ?? template} error={errorsFor(result, "source")} />
        <div className="flex flex-wrap gap-4">
          <button type="submit" name="intent" value="preview" className="rounded border-2 border-slate-600 bg-white px-4 py-2 font-semibold hover:bg-slate-100">
            Preview
          </button>
          <button type="submit" name="intent" value="create" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            Create draft
          </button>
        </div>
      </Form>
      {result?.preview ? (
        <section aria-labelledby="preview-title" className="rounded-lg border-2 border-dashed border-slate-500 bg-white p-4">
          <h2 id="preview-title" className="mb-4 text-sm font-semibold uppercase tracking-wide text-slate-700">
            Preview (not saved) — exactly as customers will see it
          </h2>
          <GuideArticle {...result.preview} headingLevel={2} />
        </section>
      ) : null}
    </div>
  );
}
