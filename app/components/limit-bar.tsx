import { percentUsed } from "~/charts/scale";

const WIDTH = 160;

/**
 * Used against left for one limit, drawn as server-side SVG (attributes, no inline style). The
 * same figures are in the row as text, so the picture is hidden from screen readers and the
 * percentage is written out beside it.
 */
export function LimitBar({ usedMinor, limitMinor }: { usedMinor: number; limitMinor: number }) {
  const percent = percentUsed(usedMinor, limitMinor);
  const used = Math.round((percent / 100) * WIDTH);
  const near = percent >= 80;
  return (
    <span className="flex items-center gap-2" data-limit-bar={percent}>
      <svg viewBox={`0 0 ${WIDTH} 12`} width={WIDTH} height={12} aria-hidden="true" className="shrink-0">
        <rect x={0} y={0} width={WIDTH} height={12} rx={6} className="fill-slate-200" />
        {used > 0 ? <rect x={0} y={0} width={Math.max(used, 6)} height={12} rx={6} className={near ? "fill-red-700" : "fill-brand-700"} /> : null}
      </svg>
      <span className="text-sm whitespace-nowrap">{percent}% used</span>
    </span>
  );
}
