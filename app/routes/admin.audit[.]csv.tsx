import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditCsv, parseAuditFilters } from "~/staff/audit-view.server";
import { requireStaff } from "~/staff/staff-actor.server";

/** The audit view's filters, every page (up to the export ceiling), as a spreadsheet-safe CSV file. */
export async function loader(args: LoaderFunctionArgs) {
  const staff = await requireStaff(args, "read:audit:any");
  const submission = parseAuditFilters(new URL(args.request.url).searchParams);
  if (submission.status !== "success") {
    const messages = Object.values(submission.error ?? {}).flat().filter(Boolean);
    return new Response(messages.join("\n") || "Those filters weren't understood.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const body = await auditCsv(staff, submission.value ?? {});
  return new Response(body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="strongroom-audit.csv"', "Cache-Control": "no-store" },
  });
}
