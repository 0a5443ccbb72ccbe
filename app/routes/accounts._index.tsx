import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/access/guards.server";
import { listAccounts } from "~/accounts/accounts.server";
import { listCards } from "~/cards/cards.server";
import { moneyText } from "~/components/money-text";
import { PageHeading } from "~/components/page-heading";

export const meta: MetaFunction = () => [{ title: "Accounts · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "read:account:own");
  const [accounts, cards] = await Promise.all([listAccounts(user.id), listCards(user.id)]);
  return { displayName: user.displayName, accounts, cards };
}

const KIND_LABELS = { current: "Current account", savings: "Savings account", credit_card: "Credit card account" } as const;
const STATUS_LABELS = { active: "Active", frozen: "Frozen", cancelled: "Cancelled", expired: "Expired" } as const;

export default function Accounts() {
  const { displayName, accounts, cards } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeading title="Your accounts">Balances and cards held by {displayName}.</PageHeading>
      {accounts.length === 0 ? <p>You don't have any accounts with us yet.</p> : null}
      <ul className="grid gap-4 md:grid-cols-3">
        {accounts.map((account) => (
          <li key={account.id} className="rounded-lg border border-slate-300 bg-white p-4">
            <h2 className="text-lg font-semibold">
              <Link to={`/accounts/${account.id}`}>{account.name}</Link>
            </h2>
            <p className="text-sm text-slate-700">
              {KIND_LABELS[account.kind]} ending {account.numberLast4}
            </p>
            <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
              <dt className="font-semibold">{account.kind === "credit_card" ? "Balance owed" : "Balance"}</dt>
              <dd>{moneyText(account.kind === "credit_card" ? -account.balanceMinor : account.balanceMinor, account.currency)}</dd>
              <dt className="font-semibold">{account.kind === "credit_card" ? "Credit available" : "Available"}</dt>
              <dd>{moneyText(account.availableMinor, account.currency)}</dd>
              {account.creditLimitMinor !== null ? (
                <>
                  <dt className="font-semibold">Credit limit</dt>
                  <dd>{moneyText(account.creditLimitMinor, account.currency)}</dd>
                </>
              ) : null}
            </dl>
          </li>
        ))}
      </ul>
      <h2 className="mt-10 mb-4 text-2xl font-bold">Your cards</h2>
      {cards.length === 0 ? <p>You don't have any cards yet.</p> : null}
      <ul className="grid gap-4 md:grid-cols-3">
        {cards.map((card) => {
          const account = accounts.find((a) => a.id === card.accountId);
          return (
            <li key={card.id} className="rounded-lg border border-slate-300 bg-white p-4">
              <h3 className="text-lg font-semibold">
                <Link to={`/cards/${card.id}`}>
                  {card.name}
                  <span className="sr-only"> card ending {card.last4}</span>
                </Link>
              </h3>
              <p className="text-sm text-slate-700">
                {card.brand === "visa" ? "Visa" : "Mastercard"} ending {card.last4}, expires {String(card.expiryMonth).padStart(2, "0")}/{card.expiryYear}
              </p>
              {account ? <p className="text-sm text-slate-700">Pays from {account.name}</p> : null}
              <p className="mt-2">
                Status: <strong>{STATUS_LABELS[card.status]}</strong>
              </p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
