import { Link } from "@remix-run/react";
import type { AuthorizationView } from "~/cards/cards.server";
import { AuthenticityField } from "~/components/authenticity-field";
import { ConfirmableForm } from "~/components/change-confirmation";
import { IntentButton } from "~/components/intent-button";
import { moneyText } from "~/components/money-text";
import { formatDateTime } from "~/format/dates";

/** A card's recent decisions, each explained, with the answers a customer can give about it. */
export function CardPayments({ authorizations, currency }: { authorizations: readonly AuthorizationView[]; currency: string }) {
  const money = (minor: number) => moneyText(minor, currency);
  return (
    <section aria-labelledby="payments-title">
      <h2 id="payments-title" className="mb-3 text-xl font-semibold">
        Recent payments and decisions
      </h2>
      {authorizations.length === 0 ? <p>No card payments yet.</p> : null}
      <ul className="space-y-3">
        {authorizations.map((payment) => {
          const what = `${payment.merchantName}, ${money(payment.amountMinor)}`;
          return (
            <li key={payment.id} className="rounded-lg border border-slate-300 bg-white p-4">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h3 className="font-semibold">
                  {payment.merchantName} — {money(payment.amountMinor)}
                  {payment.originalCurrency !== payment.currency ? ` (${moneyText(payment.originalAmountMinor, payment.originalCurrency)})` : ""}
                </h3>
                <p className="text-sm text-slate-700">{formatDateTime(payment.createdAt)}</p>
              </div>
              <p className="mt-1">
                <strong className={payment.approved ? "text-brand-800" : "text-red-800"}>{payment.approved ? "Approved" : "Declined"}:</strong> {payment.title}.
                {payment.approved ? (payment.posted ? " Posted to your account." : " Pending: taken off your available money, not yet posted.") : ""}
                {payment.flagged ? " We flagged this payment as unusual." : ""}
              </p>
              <p className="mt-1 text-slate-800">{payment.message}</p>
              {payment.guideSlug ? (
                <p className="mt-1">
                  <Link to={`/security/guides/${payment.guideSlug}`}>
                    Read the guide that helps<span className="sr-only"> with this decline ({payment.title})</span>
                  </Link>
                </p>
              ) : null}
              {payment.customerResponse ? (
                <p className="mt-2 text-sm">You told us: {payment.customerResponse === "confirmed" ? "this was you." : "this wasn't you."}</p>
              ) : null}
              <div className="mt-3 flex flex-wrap gap-3">
                {payment.canAnswer ? (
                  <>
                    <ConfirmableForm formKey={`confirm:${payment.id}`}>
                      <AuthenticityField />
                      <input type="hidden" name="intent" value="confirm" />
                      <input type="hidden" name="authorizationId" value={payment.id} />
                      <button type="submit" className="rounded bg-brand-700 px-3 py-1.5 font-semibold text-white hover:bg-brand-800">
                        This was me<span className="sr-only"> ({what})</span>
                      </button>
                    </ConfirmableForm>
                    <IntentButton intent="deny" fields={{ authorizationId: payment.id }} className="rounded border-2 border-red-700 px-3 py-1.5 font-semibold text-red-800">
                      Not me — freeze my card<span className="sr-only"> ({what})</span>
                    </IntentButton>
                  </>
                ) : null}
                {!payment.merchantBlocked ? (
                  <IntentButton intent="block-merchant" fields={{ authorizationId: payment.id }} className="rounded border border-slate-500 px-3 py-1.5">
                    Block this merchant<span className="sr-only"> ({payment.merchantName})</span>
                  </IntentButton>
                ) : (
                  <p className="text-sm">Payments to {payment.merchantName} are blocked on this card.</p>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
