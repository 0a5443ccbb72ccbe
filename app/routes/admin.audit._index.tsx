import { formProps, inputProps, useReplyForm, type FormReply } from "~/forms/reply-form";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page-heading";
import { formatDateTime } from "~/format/dates";
import { auditChainStatus } from "~/staff/audit-chain-status.server";
import { auditPage, parseAuditFilters, type AuditLine } from "~/staff/audit-view.server";
import { requireStaff } from "~/staff/staff-actor.server";
import { StaffNav } from "~/staff/staff-nav";

export const meta: MetaFunction = () => [{ title: "Audit · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const staff = await requireStaff(args, "read:audit:any");
  const params = new URL(args.request.url).searchParams;
  const submission = parseAuditFilters(params);
  const chain = await auditChainStatus();
  const exportQuery = new URLSearchParams([...params].filter(([key]) => key !== "before")).toString();
  if (submission.status !== "success") return { reply: submission.reply() as FormReply | undefined, lines: [] as AuditLine[], nextQuery: null as string | null, chain, exportQuery };
  const { lines, nextBefore } = await auditPage(staff, submission.value ?? {});
  const next = nextBefore ? new URLSearchParams([...params].filter(([key]) => key !== "before").concat([["before", String(nextBefore)]])).toString() : null;
  return { reply: undefined as FormReply | undefined, lines, nextQuery: next, chain, exportQuery };
}

const FILTERS = [
  { name: "actor", label: "Actor (name or id)", type: "text" },
  { name: "customer", label: "Customer number", type: "text" },
  { name: "action", label: "Action (e.g. pii.revealed, or approval)", type: "text" },
  { name: "from", label: "From (YYYY-MM-DD)", type: "text" },
  { name: "to", label: "To (YYYY-MM-DD)", type: "text" },
] as const;

export default function AuditView() {
  const { reply, lines, nextQuery, chain, exportQuery } = useLoaderData<typeof loader>();
  const [form, fields] = useReplyForm<{ actor: string; customer: string; action: string; from: string; to: string }>({ lastResult: reply });
  const errors = FILTERS.flatMap((filter) => (fields[filter.name].errors ?? []).map((message) => ({ field: fields[filter.name].id, message })));
  return (
    <div>
      <StaffNav />
      <PageHeading title="Audit">Every action and every refused attempt, newest first. Read-only: the log can only be appended to.</PageHeading>
      <p role="status" className={`mb-6 rounded border-2 p-3 ${chain.ok ? "border-brand-700 bg-brand-50" : "border-red-700 bg-red-50 text-red-800"}`}>
        {chain.words}
      </p>
      <ErrorSummary errors={errors} />
      <Form method="get" {...formProps(form)} className="mb-6 grid gap-4 rounded-lg border border-slate-300 bg-white p-4 md:grid-cols-3">
        {FILTERS.map((filter) => {
          const field = fields[filter.name];
          return (
            <div key={filter.name} className="space-y-1">
              <label htmlFor={field.id} className="block font-semibold">
                {filter.label}
              </label>
              {field.errors ? (
                <p id={field.errorId} className="text-sm font-semibold text-red-700">
                  <span className="sr-only">Error: </span>
                  {field.errors.join(". ")}
                </p>
              ) : null}
              <input {...inputProps(field, { type: filter.type })} className="w-full rounded border-2 border-slate-500 px-3 py-2" />
            </div>
          );
        })}
        <div className="flex items-end gap-3">
          <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            Filter
          </button>
          <a href={`/admin/audit.csv${exportQuery ? `?${exportQuery}` : ""}`} className="font-semibold" download>
            Export CSV
          </a>
        </div>
      </Form>
      {lines.length === 0 ? <p>No entries match.</p> : null}
      {lines.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left text-sm">
            <caption className="sr-only">Audit entries, newest first</caption>
            <thead>
              <tr className="border-b-2 border-slate-300">
                <th scope="col" className="p-2">#</th>
                <th scope="col" className="p-2">When</th>
                <th scope="col" className="p-2">Actor</th>
                <th scope="col" className="p-2">Action</th>
                <th scope="col" className="p-2">Subject</th>
                <th scope="col" className="p-2">Details</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.seq} className="border-b border-slate-200 align-top">
                  <td className="p-2 font-mono">{line.seq}</td>
                  <td className="p-2">{formatDateTime(line.at)}</td>
                  <td className="p-2">{line.actor}</td>
                  <td className="p-2 font-mono">{line.action}</td>
                  <td className="p-2">{line.subject}</td>
                  <td className="max-w-md break-words p-2 font-mono text-xs">{line.details}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {nextQuery ? (
        <p className="mt-4">
          <Link to={`/admin/audit?${nextQuery}`}>Older entries</Link>
        </p>
      ) : null}
    </div>
  );
}
