import type { DiffRow, WordPart } from "./diff-rows";

const ROW_STYLE = {
  added: "bg-green-50 text-green-950",
  removed: "bg-red-50 text-red-950",
  changed: "bg-amber-50/60",
  same: "",
} as const;

const SIGN = { added: "+", removed: "−", changed: "~", same: "" } as const;
const LABEL = { added: "Added line", removed: "Removed line", changed: "Changed line", same: "" } as const;

function Words({ parts }: { parts: readonly WordPart[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.kind === "same" ? (
          <span key={index}>{part.text}</span>
        ) : part.kind === "added" ? (
          <ins key={index} className="rounded-sm bg-green-200 text-green-950 underline decoration-2">
            <span className="sr-only">[added: </span>
            {part.text}
            <span className="sr-only">]</span>
          </ins>
        ) : (
          <del key={index} className="rounded-sm bg-red-200 text-red-950">
            <span className="sr-only">[removed: </span>
            {part.text}
            <span className="sr-only">]</span>
          </del>
        ),
      )}
    </>
  );
}

/** A word diff as a table; every change is said in words and marks too, never by colour alone. */
export function RevisionDiff({ rows, caption }: { rows: readonly DiffRow[]; caption: string }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-300 bg-white">
      <table className="w-full border-collapse font-mono text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-left font-sans">
          <tr>
            <th scope="col" className="w-16 px-2 py-1">
              Before
            </th>
            <th scope="col" className="w-16 px-2 py-1">
              After
            </th>
            <th scope="col" className="px-2 py-1">
              Text
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            if (row.kind === "skipped") {
              return (
                <tr key={index} className="bg-slate-50 font-sans text-slate-700">
                  <td colSpan={3} className="px-2 py-1 italic">
                    {row.count} unchanged {row.count === 1 ? "line" : "lines"}
                  </td>
                </tr>
              );
            }
            return (
              <tr key={index} className={ROW_STYLE[row.kind]}>
                <td className="px-2 align-top text-slate-700">{row.kind === "added" ? "" : row.oldLine}</td>
                <td className="px-2 align-top text-slate-700">{row.kind === "removed" ? "" : row.newLine}</td>
                <td className="whitespace-pre-wrap break-words px-2">
                  <span aria-hidden="true" className="mr-2 inline-block w-3 font-bold">
                    {SIGN[row.kind]}
                  </span>
                  {row.kind === "same" ? null : <span className="sr-only">{LABEL[row.kind]}: </span>}
                  {row.kind === "changed" ? <Words parts={row.parts} /> : row.kind === "removed" ? <del className="no-underline">{row.text}</del> : row.text}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
