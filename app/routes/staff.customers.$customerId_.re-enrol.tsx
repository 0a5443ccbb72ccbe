import { formProps, textareaProps, useReplyForm } from "~/forms/reply-form";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";
import { summaryEntries } from "~/components/summary-entries";
import { PageHeading } from "~/components/page-heading";
import { controlBorder, FieldFrame } from "~/components/text-field";
import { reEnrolAction, reEnrolPageData, type ReEnrolAnswer } from "~/staff/re-enrol-page.server";
import { StaffNav } from "~/staff/staff-nav";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Propose re-enrolment · ${loaded?.customer.displayName ?? "Customer"} · Staff console · Strongroom` }];

export const loader = (args: LoaderFunctionArgs) => reEnrolPageData(args);

export async function action(args: ActionFunctionArgs) {
  const { status, answer, proposed } = await reEnrolAction(args);
  return proposed ? redirect("/staff/approvals?notice=proposed") : data<ReEnrolAnswer>(answer, { status });
}

export default function ProposeReEnrolment() {
  const { customer } = useLoaderData<typeof loader>();
  const result = useActionData<ReEnrolAnswer>();
  const [form, fields] = useReplyForm<{ reason: string }>({ lastResult: result?.reply });
  const errors = summaryEntries([fields.reason.id, form.errors, fields.reason.errors]);
  return (
    <div>
      <StaffNav />
      <PageHeading title={`Propose re-enrolment for ${customer.displayName}`} back={{ to: `/staff/customers/${customer.id}`, label: `Back to ${customer.displayName}` }}>
        For a customer who has lost every passkey. A supervisor other than you must approve it within 24 hours.
      </PageHeading>
      <dl className="mb-6 grid max-w-2xl gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
        <dt className="font-semibold">Now</dt>
        <dd>
          {customer.passkeys} {customer.passkeys === 1 ? "passkey" : "passkeys"}, {customer.sessions} active {customer.sessions === 1 ? "session" : "sessions"}
        </dd>
        <dt className="font-semibold">After approval</dt>
        <dd>Every passkey and session removed; a new one-time enrolment code goes to the customer's own address. You never see the code.</dd>
      </dl>
      <ErrorSummary errors={errors} />
      <Form method="post" {...formProps(form)} className="max-w-2xl space-y-4 rounded-lg border border-slate-300 bg-white p-4">
        <AuthenticityField />
        <FieldFrame id={fields.reason.id} label="How you checked it is really the customer" hint="The supervisor reads this before deciding." errors={[...(form.errors ?? []), ...(fields.reason.errors ?? [])]}>
          <textarea {...textareaProps(fields.reason, { ariaDescribedBy: `${fields.reason.id}-hint` })} rows={3} maxLength={300} className={`block w-full rounded border-2 px-3 py-2 ${controlBorder(Boolean(fields.reason.errors))}`} />
        </FieldFrame>
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          Propose re-enrolment
        </button>
      </Form>
    </div>
  );
}
