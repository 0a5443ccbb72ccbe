import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { AuthenticityField } from "~/components/authenticity-field";
import { moneyText } from "~/components/money-text";
import { formatDateTime } from "~/format/dates";
import type { CustomerOverview } from "./customer-overview.server";

type Jsonified<T> = T extends (infer U)[] ? Jsonified<U>[] : T extends object ? { [K in keyof T]: Jsonified<T[K]> } : T;
type Overview = Jsonified<CustomerOverview>;

export function Section({ id, title, children, aside }: { id: string; title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-300 bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id} className="text-xl font-bold">
          {title}
        </h2>
        {aside}
      </div>
      <div className="mt-3">{children}</div>
    </section>
  );
}

/** A section's items as a bulleted list, or one sentence saying there are none. */
function BulletList<T>({ items, none, children }: { items: readonly T[]; none: string; children: (item: T) => ReactNode }) {
  if (items.length === 0) return <p>{none}</p>;
  return <ul className="list-disc space-y-1 pl-5">{items.map(children)}</ul>;
}

const STATUS_WORDS: Record<string, string> = { active: "Active", frozen: "Frozen", cancelled: "Cancelled", expired: "Expired" };

export function CardsSection({ overview, canFreeze }: { overview: Overview; canFreeze: boolean }) {
  return (
    <Section id="cards-heading" title="Accounts and cards">
      <ul className="mb-4 flex flex-wrap gap-x-8 gap-y-1">
        {overview.accounts.map((account) => (
          <li key={account.id}>
            <span className="font-semibold">{account.name}</span> ending {account.numberLast4}: {moneyText(account.balanceMinor, account.currency)}
          </li>
        ))}
      </ul>
      {overview.cards.length === 0 ? <p>No cards.</p> : null}
      <ul className="grid gap-4 lg:grid-cols-2">
        {overview.cards.map((card) => (
          <li key={card.id} className="rounded border border-slate-200 p-3">
            <h3 className="font-semibold">
              {card.name} <span className="font-mono">{card.number}</span>
              <span className="sr-only"> (card ending {card.last4})</span>
            </h3>
            <p className="text-sm text-slate-700">
              {card.brand === "visa" ? "Visa" : "Mastercard"} on {card.accountName} ·{" "}
              <strong className={card.status === "frozen" ? "text-red-800" : undefined}>{STATUS_WORDS[card.status] ?? card.status}</strong>
            </p>
            <details className="mt-2">
              <summary className="cursor-pointer">Controls in force ({card.controls.length})</summary>
              <ul className="mt-1 list-disc pl-5 text-sm">
                {card.controls.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </details>
            {card.pending.length > 0 ? (
              <div className="mt-2 text-sm">
                <p className="font-semibold">Waiting to take effect</p>
                <ul className="list-disc pl-5">
                  {card.pending.map((change) => (
                    <li key={change.id}>
                      {change.summary} — on {formatDateTime(change.effectiveAt)}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {canFreeze && (card.status === "active" || card.status === "frozen") ? (
              <Form method="post" className="mt-3">
                <AuthenticityField />
                <input type="hidden" name="card" value={card.id} />
                <button
                  type="submit"
                  name="intent"
                  value={card.status === "frozen" ? "unfreeze" : "freeze"}
                  className="rounded border border-slate-500 px-3 py-1 hover:bg-slate-100"
                >
                  {card.status === "frozen" ? "Unfreeze" : "Freeze"} card ending {card.last4}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </Section>
  );
}

const RISK_WORDS: Record<string, string> = { low: "Low risk", medium: "Medium risk (flagged)", high: "High risk" };

export function PaymentsSection({ overview }: { overview: Overview }) {
  return (
    <Section id="payments-heading" title="Recent payment decisions">
      {overview.payments.length === 0 ? <p>No card payments yet.</p> : null}
      <ol className="space-y-3">
        {overview.payments.map((payment) => (
          <li key={payment.id} className="border-b border-slate-200 pb-2">
            <p>
              <span className="font-semibold">{payment.merchantName}</span> · {moneyText(payment.amountMinor, payment.currency)} · {payment.card} ·{" "}
              {formatDateTime(payment.createdAt)}
            </p>
            <p>
              <strong>{payment.approved ? "Approved" : "Declined"}</strong>: {payment.title}. {payment.message}
            </p>
            <p className="text-sm text-slate-700">
              {RISK_WORDS[payment.riskLevel] ?? payment.riskLevel}
              {payment.signals.length > 0 ? `: ${payment.signals.join(" ")}` : ""}
              {payment.customerResponse === "confirmed" ? " Customer said it was them." : ""}
              {payment.customerResponse === "denied" ? " Customer said it wasn't them." : ""}
            </p>
          </li>
        ))}
      </ol>
    </Section>
  );
}

export function ReviewsSection({ overview, queueLink }: { overview: Overview; queueLink: boolean }) {
  return (
    <Section id="reviews-heading" title="Open review items" aside={queueLink ? <Link to="/staff/reviews">Open the review queue</Link> : null}>
      <BulletList items={overview.reviewItems} none="None open.">
        {(item) => (
          <li key={item.id}>
            {queueLink ? <Link to={`/staff/reviews/${item.id}`}>{item.kind}</Link> : item.kind} on card <span className="font-mono">{item.card}</span>, opened{" "}
            {formatDateTime(item.openedAt)}
          </li>
        )}
      </BulletList>
    </Section>
  );
}

export function SessionsSection({ overview, canSignOut }: { overview: Overview; canSignOut: boolean }) {
  return (
    <Section id="sessions-heading" title="Signed-in devices">
      <BulletList items={overview.sessions} none="Not signed in anywhere right now.">
        {(session) => (
          <li key={`${session.createdAt}-${session.device}`}>
            {session.device}: signed in {formatDateTime(session.createdAt)}, last active {formatDateTime(session.lastSeenAt)}
          </li>
        )}
      </BulletList>
      {canSignOut ? (
        <Form method="post" className="mt-3">
          <AuthenticityField />
          <button type="submit" name="intent" value="sign-out-everywhere" className="rounded bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800">
            Sign the customer out everywhere
          </button>
        </Form>
      ) : null}
    </Section>
  );
}

export function TimelineSection({ overview }: { overview: Overview }) {
  return (
    <Section id="timeline-heading" title="Security timeline (as the customer sees it)">
      {overview.timeline.length === 0 ? <p>No activity yet.</p> : null}
      <ol className="max-h-96 space-y-1 overflow-y-auto text-sm" tabIndex={0} aria-label="Security timeline entries">
        {overview.timeline.map((entry) => (
          <li key={entry.seq}>
            <span className="font-semibold">{entry.label}</span> · {formatDateTime(entry.at)}
            {entry.device ? ` · ${entry.device}` : ""}
          </li>
        ))}
      </ol>
    </Section>
  );
}
