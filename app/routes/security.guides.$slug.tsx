import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GuideArticle } from "~/guides/guide-article";
import { guidePageAt } from "~/guides/guide-catalogue.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.guide.title} · Security guides · Strongroom` : "Guide not found · Strongroom" },
  ...(data ? [{ name: "description", content: data.guide.summary }] : []),
];

export const loader = ({ params }: LoaderFunctionArgs) => guidePageAt(params);

export default function GuidePage() {
  const { guide, related } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-10">
      <nav aria-label="Breadcrumb">
        <ol className="flex flex-wrap gap-2 text-sm">
          <li>
            <Link to="/security/guides">Security guides</Link>
            <span aria-hidden="true"> /</span>
          </li>
          <li aria-current="page">{guide.title}</li>
        </ol>
      </nav>
      <GuideArticle
        title={guide.title}
        summary={guide.summary}
        category={guide.category}
        readingMinutes={guide.readingMinutes}
        updated={guide.updated}
        tree={guide.tree}
      />
      {related.length > 0 ? (
        <aside aria-labelledby="related-guides" className="border-t border-slate-200 pt-6">
          <h2 id="related-guides" className="mb-4 text-xl font-semibold">
            Related guides
          </h2>
          <ul className="grid gap-4 md:grid-cols-3">
            {related.map((item) => (
              <li key={item.slug} className="rounded-lg border border-slate-200 bg-white p-4">
                <Link to={`/security/guides/${item.slug}`} className="font-semibold">
                  {item.title}
                </Link>
                <p className="mt-1 text-sm text-slate-700">{item.readingMinutes} min read</p>
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
    </div>
  );
}
