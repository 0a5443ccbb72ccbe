import type { SpendingByCategory } from "~/accounts/spending.server";
import { linearScale } from "~/charts/scale";
import { DataTable } from "~/components/data-table";
import { formatMonth } from "~/format/dates";
import { moneyText } from "./money-text";

const ROW = 32;
const LABEL_WIDTH = 200;
const BAR_LENGTH = 300;
const WIDTH = 640;

/**
 * Card spending by category as plain server-rendered SVG: attributes and classes only (no
 * inline style, no script), so the CSP and Trusted Types have nothing to object to. The SVG's
 * title carries every figure for screen readers; the table below gives the months.
 */
export function SpendingChart({ spending, currency }: { spending: SpendingByCategory; currency: string }) {
  const { months, categories } = spending;
  const period = `${formatMonth(months[0]!)} to ${formatMonth(months.at(-1)!)}`;
  if (categories.length === 0) {
    return (
      <section aria-labelledby="spending-title" className="mb-8">
        <h2 id="spending-title" className="text-2xl font-bold">
          Where your money went
        </h2>
        <p className="mt-2">No card spending posted from {period}.</p>
      </section>
    );
  }
  const scale = linearScale(categories[0]!.totalMinor, BAR_LENGTH);
  const height = categories.length * ROW + 8;
  const summary = categories.map((category) => `${category.label} ${moneyText(category.totalMinor, currency)}`).join(", ");
  return (
    <section aria-labelledby="spending-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-4">
      <h2 id="spending-title" className="text-2xl font-bold">
        Where your money went
      </h2>
      <p className="mt-1 text-slate-700">Card spending by category, {period}. Posted payments only.</p>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} className="mt-3 h-auto w-full max-w-3xl" role="img" aria-labelledby="spending-chart-title" data-chart="spending">
        <title id="spending-chart-title">{`Card spending by category, ${period}: ${summary}.`}</title>
        {categories.map((category, index) => {
          const y = index * ROW + 4;
          const length = Math.max(2, scale(category.totalMinor));
          return (
            <g key={category.label}>
              <text x={LABEL_WIDTH - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" className="fill-slate-900 text-[14px]">
                {category.label}
              </text>
              <rect x={LABEL_WIDTH} y={y + 4} width={length} height={ROW - 10} rx={3} className="fill-brand-700" />
              <text x={LABEL_WIDTH + length + 8} y={y + ROW / 2} dominantBaseline="middle" className="fill-slate-900 text-[14px]">
                {moneyText(category.totalMinor, currency)}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="mt-3">
        <summary className="cursor-pointer font-semibold text-brand-700">Show these figures as a table, month by month</summary>
        <DataTable
          caption={`Card spending by category and month, ${period}`}
          columns={["Category", ...months.map((month) => ({ key: month, title: formatMonth(month), className: "text-right" })), { key: "total", title: "Total", className: "text-right" }]}
          className="text-sm"
          frameClassName="mt-2"
        >
          {categories.map((category) => (
            <tr key={category.label} className="border-b border-slate-200">
              <th scope="row" className="p-2 font-normal">
                {category.label}
              </th>
              {category.byMonthMinor.map((minor, index) => (
                <td key={months[index]} className="p-2 text-right whitespace-nowrap">
                  {moneyText(minor, currency)}
                </td>
              ))}
              <td className="p-2 text-right font-semibold whitespace-nowrap">{moneyText(category.totalMinor, currency)}</td>
            </tr>
          ))}
        </DataTable>
      </details>
    </section>
  );
}
