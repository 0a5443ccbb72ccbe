import type { DiffHunkLine } from "./line-diff";

const MARKERS = {
  added: { sign: "+", label: "Added", row: "bg-green-50 text-green-950" },
  removed: { sign: "−", label: "Removed", row: "bg-red-50 text-red-950" },
  same: { sign: "", label: "Unchanged", row: "" },
} as const;

/** A line diff as a table; the change is said in words too, never by colour alone. */
export function RevisionDiff({ lines, caption }: { lines: readonly DiffHunkLine[]; caption: string }) {
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
              Line
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, index) => {
            if (line.kind === "skipped") {
              return (
                <tr key={index} className="bg-slate-50 font-sans text-slate-700">
                  <td colSpan={3} className="px-2 py-1 italic">
                    {line.count} unchanged {line.count === 1 ? "line" : "lines"}
                  </td>
                </tr>
              );
            }
            const marker = MARKERS[line.kind];
            return (
              <tr key={index} className={marker.row}>
                <td className="px-2 align-top text-slate-700">{line.kind === "added" ? "" : line.oldLine}</td>
                <td className="px-2 align-top text-slate-700">{line.kind === "removed" ? "" : line.newLine}</td>
                <td className="whitespace-pre-wrap break-words px-2">
                  <span aria-hidden="true" className="mr-2 inline-block w-3 font-bold">
                    {marker.sign}
                  </span>
                  {line.kind === "same" ? null : <span className="sr-only">{marker.label}: </span>}
                  {line.text}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
