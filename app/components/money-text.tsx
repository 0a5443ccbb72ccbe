import { isSupportedCurrency } from "~/money/currencies";
import { formatMoney } from "~/money/money";

/** An amount as text; a signed amount says "in"/"out" in words, never by colour alone. */
export function moneyText(amountMinor: number, currency: string): string {
  return isSupportedCurrency(currency) ? formatMoney({ amountMinor, currency }) : `${currency} ${amountMinor}`;
}

export function SignedAmount({ amountMinor, currency }: { amountMinor: number; currency: string }) {
  const incoming = amountMinor > 0;
  if (amountMinor === 0) return <span>{moneyText(0, currency)}</span>;
  return (
    <span className={incoming ? "font-semibold text-brand-800" : undefined}>
      {incoming ? "+" : "−"}
      {moneyText(Math.abs(amountMinor), currency)}
      <span className="sr-only">{incoming ? " in" : " out"}</span>
    </span>
  );
}
