import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { moneyText } from "~/components/money-text";
import { PageHeading } from "~/components/page-heading";
import { formatDateTime } from "~/format/dates";
import { ageWords } from "~/risk/review-words";
import { reviewQueue } from "~/staff/review-queue.server";
import { requireStaff } from "~/staff/staff-actor.server";
import { StaffNav } from "~/staff/staff-nav";

export const meta: MetaFunction = () => [{ title: "Review queue · Staff console · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const staff = await requireStaff(args, "review:payment:any");
  return { cases: await reviewQueue(), myId: staff.id };
}

const NOTICES: Record<string, string> = {
  fraud: "Closed as fraud. The card is frozen and the customer sees the case closed on their card page and timeline.",
  legitimate: "Closed as genuine. That merchant goes through on that card for the days you chose.",
};

export default function ReviewQueue() {
  const { cases, myId } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("notice") ?? ""];
  return (
    <div>
      <StaffNav />
      <PageHeading title="Review queue">High-risk declines, flagged payments and payments customers said weren't them. Oldest first.</PageHeading>
      {notice ? (
        <p role="status" className="mb-6 rounded border-2 border-brand-700 bg-brand-50 p-3">
          {notice}
        </p>
      ) : null}
      {cases.length === 0 ? (
        <p>Nothing waiting. Well done.</p>
      ) : (
        <DataTable caption="Open cases, oldest first" columns={["Waiting", "Case", "Customer", "Payment", "Assigned to"]}>
          {cases.map((item) => (
            <tr key={item.id} className="border-b border-slate-200 align-top">
              <td className="p-2">
                {ageWords(item.ageMs)}
                <span className="block text-sm text-slate-700">since {formatDateTime(item.openedAt)}</span>
              </td>
              <td className="p-2">
                <Link to={`/staff/reviews/${item.id}`}>
                  {item.kindWords}
                  <span className="sr-only"> for {item.customerName}, opened {formatDateTime(item.openedAt)}</span>
                </Link>
              </td>
              <td className="p-2">
                {item.customerName}
                <span className="block text-sm text-slate-700">card •••• {item.cardLast4} ({item.cardStatus})</span>
              </td>
              <td className="p-2">{item.payment ? `${moneyText(item.payment.amountMinor, item.payment.currency)} at ${item.payment.merchantName}` : "—"}</td>
              <td className="p-2">{item.assignedToId === myId ? "You" : (item.assignedToName ?? "Nobody yet")}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
