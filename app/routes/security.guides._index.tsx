import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PageHeading } from "~/components/page-heading";
import { SelectField } from "~/components/select-field";
import { TextField } from "~/components/text-field";
import { formProps, textFieldProps, useReplyForm } from "~/forms/reply-form";
import { listGuides, readGuideSearch } from "~/guides/guide-catalogue.server";
import { categoryLabel } from "~/guides/guide-categories";

export const meta: MetaFunction = () => [{ title: "Security guides · Strongroom" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { q, category, reply } = readGuideSearch(new URL(request.url).searchParams);
  const listing = await listGuides({ q, category });
  return { ...listing, q, category: category ?? null, search: reply };
}

function filterHref(q: string, category: string | null): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (category) params.set("category", category);
  const query = params.toString();
  return query ? `/security/guides?${query}` : "/security/guides";
}

export default function Guides() {
  const { guides, categories, q, category, search } = useLoaderData<typeof loader>();
  const [form, fields] = useReplyForm<{ q: string; category: string }>({ id: "guide-search", lastResult: search });
  const filtered = Boolean(q || category);
  return (
    <div className="space-y-8">
      <PageHeading title="Security guides">Short, practical guides to keep your money and identity safe.</PageHeading>

      <Form method="get" role="search" aria-label="Guides" {...formProps(form)} className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <TextField {...textFieldProps(fields.q)} type="search" label="Search guides" defaultValue={q} maxLength={100} width="w-72 max-w-full" />
        <SelectField
          {...textFieldProps(fields.category)}
          label="Category"
          defaultValue={category ?? ""}
          options={[{ value: "", label: "All categories" }, ...categories.map((entry) => ({ value: entry.category, label: entry.label }))]}
        />
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          Search
        </button>
      </Form>

      <nav aria-label="Guide categories">
        <h2 className="mb-2 text-lg font-semibold">Browse by category</h2>
        <ul className="flex flex-wrap gap-2">
          <li>
            <Link
              to={filterHref(q, null)}
              aria-current={category === null ? "page" : undefined}
              className={`inline-block rounded-full border px-3 py-1 ${category === null ? "border-brand-800 bg-brand-700 text-white hover:text-white" : "border-slate-400 bg-white"}`}
            >
              All
            </Link>
          </li>
          {categories.map((entry) => (
            <li key={entry.category}>
              <Link
                to={filterHref(q, entry.category)}
                aria-current={category === entry.category ? "page" : undefined}
                className={`inline-block rounded-full border px-3 py-1 ${category === entry.category ? "border-brand-800 bg-brand-700 text-white hover:text-white" : "border-slate-400 bg-white"}`}
              >
                {entry.label} <span className="text-sm">({entry.count})</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-labelledby="guide-results">
        <h2 id="guide-results" className="mb-4 text-xl font-semibold">
          {filtered
            ? `${guides.length} ${guides.length === 1 ? "guide" : "guides"}${q ? ` matching “${q}”` : ""}${category ? ` in ${categoryLabel(category)}` : ""}`
            : "All guides"}
        </h2>
        {guides.length === 0 ? (
          <p>
            No guides match. Try other words, or <Link to="/security/guides">see every guide</Link>.
          </p>
        ) : (
          <ul className="grid gap-4 md:grid-cols-2">
            {guides.map((guide) => (
              <li key={guide.slug} className="rounded-lg border border-slate-200 bg-white p-4">
                <p className="text-sm font-semibold uppercase tracking-wide text-brand-800">{categoryLabel(guide.category)}</p>
                <h3 className="mt-1 text-lg font-semibold">
                  <Link to={`/security/guides/${guide.slug}`}>{guide.title}</Link>
                </h3>
                <p className="mt-2 text-slate-700">{guide.summary}</p>
                <p className="mt-2 text-sm text-slate-700">{guide.readingMinutes} min read</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
