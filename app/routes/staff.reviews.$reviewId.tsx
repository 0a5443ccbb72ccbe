import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { Channel } from "~/authorization/types";
import { AuthenticityField } from "~/components/authenticity-field";
import { moneyText } from "~/components/money-text";
import { PageHeading } from "~/components/page-heading";
import { CHANNEL_LABELS, countryLabel } from "~/controls/control-labels";
import { formatDateTime } from "~/format/dates";
import { ageWords } from "~/risk/review-words";
import { assertReviewId, reviewAction, type ReviewAnswer } from "~/staff/review-page.server";
import { reviewCase } from "~/staff/review-queue.server";
import { ResolveForm } from "~/staff/review-resolve-form";
import { requireStaff } from "~/staff/staff-actor.server";
import { StaffNav } from "~/staff/staff-nav";

export const meta: MetaFunction = () => [{ title: "Case · Review queue · Staff console · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const staff = await requireStaff(args, "review:payment:any");
  return { item: await reviewCase(assertReviewId(args.params.reviewId)), myId: staff.id };
}

export async function action(args: ActionFunctionArgs) {
  const { status, answer, done } = await reviewAction(args);
  if (done === "fraud" || done === "legitimate") return redirect(`/staff/reviews?notice=${done}`);
  return data<ReviewAnswer>(answer, { status });
}

export default function ReviewCasePage() {
  const { item, myId } = useLoaderData<typeof loader>();
  const result = useActionData<ReviewAnswer>();
  const mine = item.assignedToId === myId;
  const payment = item.payment;
  return (
    <div>
      <StaffNav />
      <PageHeading title={item.kindWords} back={{ to: "/staff/reviews", label: "Back to the queue" }}>
        {item.customerName}, card •••• {item.cardLast4} ({item.cardStatus}). Waiting {ageWords(item.ageMs)}.
      </PageHeading>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="payment-title" className="rounded-lg border border-slate-300 bg-white p-4">
          <h2 id="payment-title" className="text-xl font-semibold">
            The payment
          </h2>
          {payment ? (
            <dl className="mt-2 grid grid-cols-[9rem_1fr] gap-y-1">
              <dt className="font-semibold">Amount</dt>
              <dd>{moneyText(payment.amountMinor, payment.currency)}</dd>
              <dt className="font-semibold">Merchant</dt>
              <dd>{payment.merchantName}</dd>
              <dt className="font-semibold">Where</dt>
              <dd>
                {countryLabel(payment.country)}, {CHANNEL_LABELS[payment.channel as Channel] ?? payment.channel}
              </dd>
              <dt className="font-semibold">When</dt>
              <dd>{formatDateTime(payment.at)}</dd>
              <dt className="font-semibold">Risk</dt>
              <dd>{payment.riskLevel}</dd>
              <dt className="font-semibold">Customer's answer</dt>
              <dd>{payment.customerAnswer ?? "Not answered"}</dd>
            </dl>
          ) : (
            <p>No payment is attached to this case.</p>
          )}
        </section>
        <section aria-labelledby="signals-title" className="rounded-lg border border-slate-300 bg-white p-4">
          <h2 id="signals-title" className="text-xl font-semibold">
            Why it was flagged
          </h2>
          {payment && payment.signals.length > 0 ? (
            <ul className="mt-2 list-disc space-y-1 pl-5">
              {payment.signals.map((signal) => (
                <li key={signal}>{signal}</li>
              ))}
            </ul>
          ) : (
            <p className="mt-2">No risk signals were recorded.</p>
          )}
          <p className="mt-3">
            <Link to={`/staff/customers/${item.customerId}`}>Open {item.customerName}'s page</Link>
          </p>
        </section>
      </div>
      {item.status === "open" ? (
        <div className="mt-6 space-y-4">
          <p>{mine ? "This case is assigned to you." : item.assignedToName ? `Assigned to ${item.assignedToName}.` : "Nobody has this case yet."}</p>
          {!item.assignedToId ? (
            <Form method="post">
              <AuthenticityField />
              <button type="submit" name="intent" value="assign" className="rounded border-2 border-brand-700 px-4 py-2 font-semibold text-brand-800">
                Assign to me
              </button>
            </Form>
          ) : null}
          {!item.assignedToId || mine ? <ResolveForm lastResult={result?.reply} merchantName={payment?.merchantName ?? null} /> : null}
        </div>
      ) : (
        <p className="mt-6 rounded border-2 border-slate-400 p-3">
          Closed as {item.resolution === "fraud" ? "fraud" : "genuine"}. {item.note}
        </p>
      )}
    </div>
  );
}
