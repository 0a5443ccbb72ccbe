import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageHeading } from "~/components/page-heading";
import { lookUpCustomers } from "~/staff/customer-lookup.server";
import { CustomerResults } from "~/staff/customer-results";
import { CustomerSearchForm } from "~/staff/customer-search-form";
import { requireStaff } from "~/staff/staff-actor.server";
import { StaffNav } from "~/staff/staff-nav";
import { MAX_RESULTS, type CustomerMatch } from "~/users/customer-search.server";

export const meta: MetaFunction = () => [{ title: "Find a customer · Staff console · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const staff = await requireStaff(args, "read:customer:any");
  return { displayName: staff.displayName, limit: MAX_RESULTS };
}

interface SearchAnswer {
  reply: SubmissionResult<string[]>;
  kind: string | null;
  matches: CustomerMatch[] | null;
}

export async function action(args: ActionFunctionArgs) {
  const staff = await requireStaff(args, "read:customer:any");
  const result = await lookUpCustomers(staff, await args.request.formData());
  if (!result.ok) return data<SearchAnswer>({ reply: result.reply, kind: null, matches: null }, { status: 422 });
  return data<SearchAnswer>({ reply: result.reply, kind: result.kind, matches: result.matches });
}

export default function StaffSearch() {
  const { displayName, limit } = useLoaderData<typeof loader>();
  const result = useActionData<SearchAnswer>();
  return (
    <div>
      <StaffNav />
      <PageHeading title="Find a customer">
        Signed in as {displayName}. Details stay masked; revealing one asks for a reason and your passkey, and the customer sees it on
        their security timeline.
      </PageHeading>
      <CustomerSearchForm lastResult={result?.reply} />
      {result?.matches && result.kind ? <CustomerResults kind={result.kind} matches={result.matches} limit={limit} /> : null}
    </div>
  );
}
