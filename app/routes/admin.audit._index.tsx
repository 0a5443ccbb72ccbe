import { formProps, textFieldProps, useReplyForm, type FormReply } from "~/forms/reply-form";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { ErrorSummary } from "~/components/error-summary";
import { summaryEntries } from "~/components/summary-entries";
import { PageHeading } from "~/components/page-heading";
import { TextField } from "~/components/text-field";
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

const FILTER_LABELS = {
  actor: "Actor (name or id)",
  customer: "Customer number",
  action: "Action (e.g. pii.revealed, or approval)",
  from: "From (YYYY-MM-DD)",
  to: "To (YYYY-MM-DD)",
} as const;
type Filter = keyof typeof FILTER_LABELS;
const FILTERS = Object.keys(FILTER_LABELS) as Filter[];

const COLUMNS = ["#", "When", "Actor", "Action", "Subject", "Details"];

export default function AuditView() {
  const { reply, lines, nextQuery, chain, exportQuery } = useLoaderData<typeof loader>();
  const [form, fields] = useReplyForm<Record<Filter, string>>({ lastResult: reply });
  const errors = summaryEntries(...FILTERS.map((filter): [string, string[] | undefined] => [fields[filter].id, fields[filter].errors]));
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
          const field = fields[filter];
          return <TextField key={filter} {...textFieldProps(field)} label={FILTER_LABELS[filter]} width="w-full" />;
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
        <DataTable caption="Audit entries, newest first" columns={COLUMNS} className="text-sm">
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
        </DataTable>
      ) : null}
      {nextQuery ? (
        <p className="mt-4">
          <Link to={`/admin/audit?${nextQuery}`}>Older entries</Link>
        </p>
      ) : null}
    </div>
  );
}
