import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/access/guards.server";
import { findAccount } from "~/accounts/accounts.server";
import { parseTransactionFilters } from "~/accounts/transaction-filters";
import { replyErrors } from "~/forms/reply-form";
import { transactionsCsv } from "~/accounts/transactions.server";

/** The account page's transactions, same filters, every page, as a spreadsheet-safe CSV file. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "read:account:own");
  const account = await findAccount(user.id, args.params.accountId ?? "");
  if (!account) throw new Response("Not Found", { status: 404 });
  const parsed = parseTransactionFilters(new URL(args.request.url).searchParams, account.currency);
  if (!parsed.ok) {
    return new Response(replyErrors(parsed.reply).map((error) => error.message).join("\n"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const body = await transactionsCsv(user.id, account.id, account.currency, { ...parsed.filters, page: 1 });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="strongroom-${account.numberLast4}-transactions.csv"`,
    },
  });
}
