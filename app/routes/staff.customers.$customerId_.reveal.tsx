import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { ConfirmationRequired } from "~/auth/change-confirmation-fields";
import { PageHeading } from "~/components/page-heading";
import { revealAction, revealPageData, type RevealAnswer } from "~/staff/reveal-page.server";
import { RevealRequestForm } from "~/staff/reveal-request-form";
import { RevealedValue } from "~/staff/revealed-value";
import { StaffNav } from "~/staff/staff-nav";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Reveal a detail · ${loaded?.customer.displayName ?? "Customer"} · Staff console · Strongroom` }];

export const loader = (args: LoaderFunctionArgs) => revealPageData(args);

export async function action(args: ActionFunctionArgs) {
  const { status, answer } = await revealAction(args);
  return data<RevealAnswer | ConfirmationRequired>(answer, { status, headers: { "Cache-Control": "no-store" } });
}

export default function RevealDetail() {
  const { customer, fields, defaultField } = useLoaderData<typeof loader>();
  const result = useActionData<RevealAnswer | ConfirmationRequired>();
  const answer = result && "reply" in result ? result : undefined;
  return (
    <div>
      <StaffNav />
      <PageHeading title={`Reveal a detail of ${customer.displayName}`} back={{ to: `/staff/customers/${customer.id}`, label: `Back to ${customer.displayName}` }}>
        You'll see it for 60 seconds. The reason you give is recorded and shown to {customer.displayName} on their security timeline.
      </PageHeading>
      {answer?.revealed ? <RevealedValue key={answer.revealed.value} {...answer.revealed} customerName={customer.displayName} /> : null}
      <RevealRequestForm lastResult={answer?.reply} fields={fields} defaultField={defaultField} />
    </div>
  );
}
