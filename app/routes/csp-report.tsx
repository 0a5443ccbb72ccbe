import type { ActionFunctionArgs } from "@remix-run/node";
import { recordCspReport } from "~/edge/csp-reports.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const status = await recordCspReport(request, context.ip);
  return new Response(null, { status });
}
