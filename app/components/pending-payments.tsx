import type { PendingPaymentView } from "~/accounts/transactions.server";
import { DataTable } from "~/components/data-table";
import { formatDateTime } from "~/format/dates";
import { moneyText, SignedAmount } from "./money-text";

const COLUMNS = ["Approved", "Merchant", "Card", { key: "amount", title: "Amount", className: "text-right" }];

/** Approved card payments still waiting to post, above the posted list: they explain why "available" is lower. */
export function PendingPayments({ rows }: { rows: PendingPaymentView[] }) {
  return (
    <section aria-labelledby="pending-title" className="mb-8">
      <h2 id="pending-title" className="text-2xl font-bold">
        Pending card payments
      </h2>
      {rows.length === 0 ? (
        <p className="mt-2">No card payments are waiting to post.</p>
      ) : (
        <>
          <p className="mt-2 max-w-3xl text-slate-700">
            Approved by us and already taken off your available money. They post to your balance when the shop collects them, usually within a few days.
          </p>
          <DataTable caption="Pending card payments, newest first" columns={COLUMNS} frameClassName="mt-3">
            {rows.map((row) => (
              <tr key={row.id} className="border-b border-slate-200 align-top">
                <td className="p-2 whitespace-nowrap">{formatDateTime(row.authorizedAt)}</td>
                <td className="p-2">
                  <span className="font-semibold">{row.merchantName}</span>
                  <span className="block text-sm text-slate-700">
                    <span className="rounded bg-amber-100 px-1 font-semibold text-amber-900">Pending</span> {row.category}
                    {row.country !== "GB" ? ` · ${row.country}` : ""}
                  </span>
                </td>
                <td className="p-2">
                  {row.cardName} ending {row.cardLast4}
                </td>
                <td className="p-2 text-right whitespace-nowrap">
                  <SignedAmount amountMinor={row.amountMinor} currency={row.currency} />
                  {row.originalAmountMinor !== null && row.originalCurrency ? (
                    <span className="block text-sm text-slate-700">Paid {moneyText(Math.abs(row.originalAmountMinor), row.originalCurrency)}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </section>
  );
}

/** Balance and available side by side, with the difference between them said in words. */
export function BalanceSummary({ kind, balanceMinor, availableMinor, creditLimitMinor, currency }: { kind: string; balanceMinor: number; availableMinor: number; creditLimitMinor: number | null; currency: string }) {
  const credit = kind === "credit_card";
  return (
    <section aria-labelledby="balance-title" className="mb-6 rounded-lg border border-slate-300 bg-white p-4">
      <h2 id="balance-title" className="sr-only">
        Balance and available
      </h2>
      <dl className="grid gap-4 sm:grid-cols-2">
        <div>
          <dt className="font-semibold">{credit ? "Balance owed" : "Balance"}</dt>
          <dd className="text-2xl font-bold">{moneyText(credit ? -balanceMinor : balanceMinor, currency)}</dd>
          <dd className="text-sm text-slate-700">{credit ? "What you owe on payments that have posted." : "Everything that has posted to the account."}</dd>
        </div>
        <div>
          <dt className="font-semibold">{credit ? "Credit available" : "Available"}</dt>
          <dd className="text-2xl font-bold">{moneyText(availableMinor, currency)}</dd>
          <dd className="text-sm text-slate-700">
            {credit
              ? `Your ${creditLimitMinor !== null ? moneyText(creditLimitMinor, currency) + " " : ""}limit, less what you owe and less pending card payments.`
              : "What you can spend now: the balance less pending card payments."}
          </dd>
        </div>
      </dl>
    </section>
  );
}
