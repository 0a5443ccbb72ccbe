import type { LimitUsage } from "~/cards/cards.server";
import { DataTable } from "~/components/data-table";
import { LimitBar } from "~/components/limit-bar";
import { moneyText } from "~/components/money-text";

const COLUMNS = ["Limit", "Set to", "Used so far", "Left", "Used of limit"];

/** Each limit on a card with what has been used against it, as figures and as a bar. */
export function CardLimits({ limits, currency }: { limits: readonly LimitUsage[]; currency: string }) {
  const money = (minor: number) => moneyText(minor, currency);
  return (
    <section aria-labelledby="limits-title" className="mb-8">
      <h2 id="limits-title" className="mb-3 text-xl font-semibold">
        Limits and what you've used
      </h2>
      <p className="mb-3 text-slate-700">Days, weeks (from Monday) and months run in UTC. Only approved payments count.</p>
      <DataTable caption="Spending limits on this card" columns={COLUMNS}>
        {limits.map((limit) => (
          <tr key={limit.key} className="border-b border-slate-200">
            <th scope="row" className="p-2 font-normal">
              {limit.label}
            </th>
            <td className="p-2">{limit.limitMinor === null ? "No limit" : money(limit.limitMinor)}</td>
            <td className="p-2">{limit.usedMinor === null ? "Applies to each payment" : money(limit.usedMinor)}</td>
            <td className="p-2">{limit.limitMinor === null || limit.usedMinor === null ? "—" : money(Math.max(0, limit.limitMinor - limit.usedMinor))}</td>
            <td className="p-2">{limit.limitMinor === null || limit.usedMinor === null ? "—" : <LimitBar usedMinor={limit.usedMinor} limitMinor={limit.limitMinor} />}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
