import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/access/guards.server";
import { findAccount, type AccountSummary } from "~/accounts/accounts.server";
import { filterQuery, filterValues, parseTransactionFilters } from "~/accounts/transaction-filters";
import { spendingByCategory, type SpendingByCategory } from "~/accounts/spending.server";
import { listPendingPayments, listTransactions, type PendingPaymentView, type TransactionPage } from "~/accounts/transactions.server";
import { DataTable } from "~/components/data-table";
import { ErrorSummary } from "~/components/error-summary";
import { moneyText, SignedAmount } from "~/components/money-text";
import { PageHeading } from "~/components/page-heading";
import { BalanceSummary, PendingPayments } from "~/components/pending-payments";
import { SpendingChart } from "~/components/spending-chart";
import { TextField } from "~/components/text-field";
import { formatDateTime } from "~/format/dates";
import { formProps, replyErrors, textFieldProps, useReplyForm, type FormReply } from "~/forms/reply-form";

export const meta: MetaFunction = () => [{ title: "Account transactions · Strongroom" }];

interface LoaderData {
  account: AccountSummary;
  filter: FormReply;
  page: TransactionPage | null;
  pending: PendingPaymentView[];
  spending: SpendingByCategory;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "read:account:own");
  const account = await findAccount(user.id, args.params.accountId ?? "");
  if (!account) throw new Response("Not Found", { status: 404 });
  const parsed = parseTransactionFilters(new URL(args.request.url).searchParams, account.currency);
  const spending = await spendingByCategory(user.id, account.id);
  if (!parsed.ok) return data<LoaderData>({ account, filter: parsed.reply, page: null, pending: [], spending }, { status: 400 });
  const [page, pending] = await Promise.all([listTransactions(user.id, account.id, parsed.filters), listPendingPayments(user.id, account.id, parsed.filters)]);
  return data<LoaderData>({ account, filter: parsed.reply, page, pending, spending });
}

const TRANSACTION_COLUMNS = ["Date", "Description", "Details", { key: "amount", title: "Amount", className: "text-right" }];

const CHANNEL_WORDS: Record<string, string> = { in_store: "In store", online: "Online", atm: "Cash machine", contactless: "Contactless" };

export default function AccountTransactions() {
  const { account, filter, page, pending, spending } = useLoaderData<LoaderData>();
  const [form, fields] = useReplyForm<{ from: string; to: string; q: string; min: string; max: string; page: string }>({ id: "filter", lastResult: filter });
  const values = filterValues(filter);
  const errors = replyErrors(filter).map((error) => ({ ...error, field: `${form.id}-${error.field}` }));
  const filtered = Object.values(values).some((value) => value.trim() !== "");
  return (
    <div>
      <PageHeading title={account.name} back={{ to: "/accounts", label: "Back to your accounts" }}>Account ending {account.numberLast4}.</PageHeading>
      <ErrorSummary errors={errors} />
      <BalanceSummary kind={account.kind} balanceMinor={account.balanceMinor} availableMinor={account.availableMinor} creditLimitMinor={account.creditLimitMinor} currency={account.currency} />
      {account.kind !== "savings" ? <SpendingChart spending={spending} currency={account.currency} /> : null}

      <Form method="get" {...formProps(form)} className="mb-6 rounded-lg border border-slate-300 bg-white p-4" aria-labelledby="filter-title">
        <fieldset>
          <legend id="filter-title" className="text-lg font-semibold">
            Filter transactions
          </legend>
          <div className="mt-3 grid gap-4 md:grid-cols-3">
            <TextField {...textFieldProps(fields.from)} type="date" label="From" hint="First day, like 2026-11-01" />
            <TextField {...textFieldProps(fields.to)} type="date" label="To" hint="Last day, included" />
            <TextField {...textFieldProps(fields.q)} type="search" label="Search" hint="Words in the description or merchant" maxLength={100} />
            <TextField {...textFieldProps(fields.min)} inputMode="decimal" label={`Smallest amount (${account.currency})`} hint="Money in or out, like 20 or 19.99" />
            <TextField {...textFieldProps(fields.max)} inputMode="decimal" label={`Largest amount (${account.currency})`} hint="Money in or out" />
          </div>
          <div className="mt-4 flex flex-wrap items-center gap-4">
            <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
              Apply filters
            </button>
            {filtered ? <Link to={`/accounts/${account.id}`}>Clear filters</Link> : null}
          </div>
        </fieldset>
      </Form>

      {page ? <PendingPayments rows={pending} /> : null}

      {page ? (
        <>
          <h2 className="mb-2 text-2xl font-bold">Posted transactions</h2>
          <div className="mb-3 flex flex-wrap items-center justify-between gap-4">
            <p role="status">
              {page.total === 0 ? "No transactions match." : `${page.total} transaction${page.total === 1 ? "" : "s"}${filtered ? " match" : ""}. Page ${page.page} of ${page.pageCount}.`}
            </p>
            <a href={`/accounts/${account.id}/transactions.csv${filterQuery(values)}`} download>
              Download these transactions, pending included (CSV)
            </a>
          </div>
          {page.rows.length > 0 ? (
            <DataTable caption="Transactions, newest first" columns={TRANSACTION_COLUMNS}>
              {page.rows.map((row) => (
                <tr key={row.id} className="border-b border-slate-200 align-top">
                  <td className="p-2 whitespace-nowrap">{formatDateTime(row.postedAt)}</td>
                  <td className="p-2">
                    <span className="font-semibold">{row.merchantName ?? row.description}</span>
                    {row.merchantName ? <span className="block text-sm text-slate-700">{row.description}</span> : null}
                  </td>
                  <td className="p-2 text-sm text-slate-700">
                    {[row.category, row.channel ? CHANNEL_WORDS[row.channel] : null, row.country && row.country !== "GB" ? row.country : null].filter(Boolean).join(" · ")}
                    {row.originalAmountMinor !== null && row.originalCurrency ? <span className="block">Paid {moneyText(row.originalAmountMinor, row.originalCurrency)}</span> : null}
                  </td>
                  <td className="p-2 text-right whitespace-nowrap">
                    <SignedAmount amountMinor={row.amountMinor} currency={row.currency} />
                  </td>
                </tr>
              ))}
            </DataTable>
          ) : null}
          {page.pageCount > 1 ? (
            <nav aria-label="Pages of transactions" className="mt-4 flex flex-wrap items-center gap-4">
              {page.page > 1 ? <Link to={`/accounts/${account.id}${filterQuery(values, page.page - 1)}`}>Previous page</Link> : null}
              <span>
                Page {page.page} of {page.pageCount}
              </span>
              {page.page < page.pageCount ? <Link to={`/accounts/${account.id}${filterQuery(values, page.page + 1)}`}>Next page</Link> : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
