import type { ReactNode } from "react";

/** A column heading: its text, or the text with extra classes (alignment, width). */
export type TableColumn = string | { title: ReactNode; key: string; className?: string };

const LOOKS = {
  /** rows divided by rules, the heading underlined: lists of transactions, limits, people */
  ruled: { head: undefined, headRow: "border-b-2 border-slate-300", cell: "p-2" },
  /** every cell boxed under a shaded heading: the editor's guide and revision grids */
  boxed: { head: "bg-slate-100", headRow: undefined, cell: "border border-slate-300 p-2" },
  /** tight shaded heading over monospaced rows: the revision diff */
  compact: { head: "bg-slate-100 font-sans", headRow: undefined, cell: "px-2 py-1" },
} as const;

export type TableLook = keyof typeof LOOKS;

/** The class of a body cell in the same look, for rows that want to line up with the heading. */
export function tableCell(look: TableLook) {
  return LOOKS[look].cell;
}

/**
 * A data table that scrolls sideways on narrow screens instead of the page, with a caption
 * (screen readers announce it as the table's name) and column headings scoped to their columns.
 * The caller gives the body rows.
 */
export function DataTable({
  caption,
  columns,
  children,
  look = "ruled",
  className,
  frameClassName,
}: {
  caption: ReactNode;
  columns: readonly TableColumn[];
  children: ReactNode;
  look?: TableLook;
  className?: string;
  frameClassName?: string;
}) {
  const style = LOOKS[look];
  return (
    <div className={`overflow-x-auto ${frameClassName ?? ""}`}>
      <table className={`w-full border-collapse bg-white text-left ${className ?? ""}`}>
        <caption className="sr-only">{caption}</caption>
        <thead className={style.head}>
          <tr className={style.headRow}>
            {columns.map((column) =>
              typeof column === "string" ? (
                <th key={column} scope="col" className={style.cell}>
                  {column}
                </th>
              ) : (
                <th key={column.key} scope="col" className={`${style.cell} ${column.className ?? ""}`}>
                  {column.title}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
