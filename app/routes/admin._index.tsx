import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GRANT_ROLE_KIND } from "~/approvals/approval-kinds.server";
import { listProposals } from "~/approvals/approvals.server";
import { statusWords } from "~/approvals/proposal-summary";
import { DataTable } from "~/components/data-table";
import { IntentButton } from "~/components/intent-button";
import { PageHeading } from "~/components/page-heading";
import { formatDateTime } from "~/format/dates";
import { adminAction, type AdminAnswer } from "~/staff/admin-page.server";
import { ProposeRoleForm } from "~/staff/propose-role-form";
import { listStaffAccounts } from "~/staff/staff-accounts.server";
import { DIRECT_ROLES, ROLE_WORDS } from "~/staff/staff-roles";
import { requireStaff } from "~/staff/staff-actor.server";
import { StaffNav } from "~/staff/staff-nav";

export const meta: MetaFunction = () => [{ title: "Staff accounts · Admin · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const staff = await requireStaff(args, "manage:user:any");
  const [accounts, proposals] = await Promise.all([listStaffAccounts(), listProposals(staff, { kinds: [GRANT_ROLE_KIND] })]);
  return { accounts, proposals: proposals.slice(0, 20), myId: staff.id };
}

export async function action(args: ActionFunctionArgs) {
  const { status, answer } = await adminAction(args);
  return data<AdminAnswer>(answer, { status });
}

export default function Admin() {
  const { accounts, proposals, myId } = useLoaderData<typeof loader>();
  const result = useActionData<AdminAnswer>();
  const others = accounts.filter((account) => account.id !== myId);
  return (
    <div>
      <StaffNav />
      <PageHeading title="Staff accounts">
        Support and content editor you set here. Supervisor and admin are proposals another admin approves. Nobody changes their own roles.
      </PageHeading>
      {result?.message ? (
        <p role="status" className="mb-6 rounded border-2 border-brand-700 bg-brand-50 p-3">
          {result.message}
        </p>
      ) : null}
      <DataTable caption="Staff accounts and their roles" columns={["Name", "Roles", "Change"]}>
        {accounts.map((account) => (
          <tr key={account.id} className="border-b border-slate-200 align-top">
            <th scope="row" className="p-2 font-semibold">
              {account.displayName}
              {account.id === myId ? " (you)" : ""}
            </th>
            <td className="p-2">{account.roles.map((role) => ROLE_WORDS[role]).join(", ")}</td>
            <td className="p-2">
              {account.id === myId ? (
                <span>Another admin changes your roles.</span>
              ) : (
                <div className="flex flex-wrap gap-2">
                  {DIRECT_ROLES.filter((role) => !account.roles.includes(role)).map((role) => (
                    <IntentButton key={`grant-${role}`} intent="grant" fields={{ user: account.id, role }} className="rounded border border-slate-500 px-2 py-1">
                      Make {ROLE_WORDS[role].toLowerCase()}
                      <span className="sr-only"> ({account.displayName})</span>
                    </IntentButton>
                  ))}
                  {account.roles.length > 1
                    ? account.roles.map((role) => (
                        <IntentButton key={`remove-${role}`} intent="remove" fields={{ user: account.id, role }} className="rounded border border-red-700 px-2 py-1 text-red-800">
                          Remove {ROLE_WORDS[role].toLowerCase()}
                          <span className="sr-only"> ({account.displayName})</span>
                        </IntentButton>
                      ))
                    : null}
                </div>
              )}
            </td>
          </tr>
        ))}
      </DataTable>

      <h2 className="mt-8 mb-3 text-2xl font-semibold">Propose supervisor or admin</h2>
      <ProposeRoleForm lastResult={result?.reply} people={others.map((account) => ({ id: account.id, displayName: account.displayName }))} />

      <h2 className="mt-8 mb-3 text-2xl font-semibold">Role proposals</h2>
      {proposals.length === 0 ? <p>None yet.</p> : null}
      <ul className="space-y-2">
        {proposals.map((proposal) => (
          <li key={proposal.id} className="rounded border border-slate-200 bg-white p-3">
            {proposal.after} — {statusWords(proposal)}, proposed by {proposal.proposedByName} {formatDateTime(proposal.proposedAt)}
            {proposal.decidedByName ? `, decided by ${proposal.decidedByName}` : ""}
            {proposal.status === "pending" && !proposal.expired ? (
              proposal.cannotApprove ? (
                <span className="ml-2 text-sm text-slate-700">({proposal.cannotApprove})</span>
              ) : (
                <Link to={`/admin/approvals/${proposal.id}`} className="ml-2">
                  Review and decide<span className="sr-only"> {proposal.after}</span>
                </Link>
              )
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
