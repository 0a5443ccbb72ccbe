import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { mayOpen } from "~/access/path-policy.server";
import { GAMBLING_NEVER_EARLY } from "~/approvals/approval-kinds.server";
import { listProposals } from "~/approvals/approvals.server";
import { PageHeading } from "~/components/page-heading";
import { customerOverview } from "~/staff/customer-overview.server";
import { assertCustomerId, handleCustomerAction, type CustomerActionResult } from "~/staff/customer-page-actions.server";
import { CallPanel, ProfileSection } from "~/staff/customer-profile";
import { CardsSection, PaymentsSection, ReviewsSection, SessionsSection, TimelineSection } from "~/staff/customer-sections";
import { ProposalsSection } from "~/staff/proposals-section";
import { requireStaff } from "~/staff/staff-actor.server";
import { StaffNav } from "~/staff/staff-nav";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.overview.profile.displayName ?? "Customer"} · Staff console · Strongroom` }];

export async function loader(args: LoaderFunctionArgs) {
  const staff = await requireStaff(args, "read:customer:any");
  const customerId = assertCustomerId(args.params.customerId);
  const overview = await customerOverview(staff, customerId);
  const proposals = (await listProposals(staff, { customerId })).filter((proposal) => proposal.status === "pending" || proposal.status === "approved" || proposal.status === "rejected").slice(0, 10);
  const permissions = staff.permissions;
  return {
    overview,
    proposals,
    gamblingNote: GAMBLING_NEVER_EARLY,
    myId: staff.id,
    can: {
      reveal: permissions.has("reveal:pii:any"),
      freeze: permissions.has("freeze:card:any"),
      signOut: permissions.has("revoke:session:any"),
      // Offered only where the registry would let this person in, and only to those who may propose.
      reEnrol: permissions.has("propose:change:any") && mayOpen(`/staff/customers/${customerId}/re-enrol`, permissions),
      reviewQueue: mayOpen("/staff/reviews", permissions),
      decide: permissions.has("approve:change:any"),
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  await requireStaff(args, "read:customer:any");
  const customerId = assertCustomerId(args.params.customerId);
  const result = await handleCustomerAction(args, customerId, await args.request.formData());
  return data<CustomerActionResult>(result, { status: result.status });
}

export default function StaffCustomer() {
  const { overview, proposals, gamblingNote, myId, can } = useLoaderData<typeof loader>();
  const result = useActionData<CustomerActionResult>();
  return (
    <div>
      <StaffNav />
      <PageHeading title={overview.profile.displayName}>Details are masked. Everything you do here is recorded and shown to the customer.</PageHeading>
      {result ? (
        <p role={result.ok ? "status" : "alert"} className={`mb-6 rounded border-2 p-3 ${result.ok ? "border-brand-700 bg-brand-50" : "border-red-700 bg-red-50 text-red-800"}`}>
          {result.message}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <ProfileSection profile={overview.profile} canReveal={can.reveal} reEnrolLink={can.reEnrol} />
        <CallPanel call={overview.call} myId={myId} />
      </div>
      <div className="mt-6 space-y-6">
        <CardsSection overview={overview} canFreeze={can.freeze} />
        <ProposalsSection proposals={proposals} canDecide={can.decide} gamblingNote={gamblingNote} />
        <ReviewsSection overview={overview} queueLink={can.reviewQueue} />
        <PaymentsSection overview={overview} />
        <div className="grid gap-6 lg:grid-cols-2">
          <SessionsSection overview={overview} canSignOut={can.signOut} />
          <TimelineSection overview={overview} />
        </div>
      </div>
    </div>
  );
}
