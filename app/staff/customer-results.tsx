import { Link } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import type { CustomerMatch } from "~/users/customer-search.server";


const KIND_WORDS: Record<string, string> = { name: "name", email: "email address", phone: "phone number", card: "card", number: "customer number" };

const COLUMNS = ["Customer", "Customer number", "Email", "Phone"];

/** Matches with masked details only; the masks are spelled out for screen readers. */
export function CustomerResults({ kind, matches, limit }: { kind: string; matches: CustomerMatch[]; limit: number }) {
  return (
    <section aria-labelledby="results-heading" className="mt-8">
      <h2 id="results-heading" className="text-2xl font-bold">
        Results
      </h2>
      <p role="status" className="mt-1 text-slate-700">
        {matches.length === 0
          ? `No customer matches that ${KIND_WORDS[kind] ?? "search"}.`
          : `${matches.length} ${matches.length === 1 ? "customer matches" : "customers match"} that ${KIND_WORDS[kind] ?? "search"}${matches.length === limit ? ` (showing the first ${limit}; narrow the search)` : ""}.`}
      </p>
      {matches.length > 0 ? (
        <DataTable caption="Matching customers, details masked" columns={kind === "card" ? [...COLUMNS, "Card"] : COLUMNS} frameClassName="mt-4">
          {matches.map((match) => (
            <tr key={match.id} className="border-b border-slate-200">
              <th scope="row" className="p-2 font-normal">
                <Link to={`/staff/customers/${match.id}`} className="font-semibold">
                  {match.displayName}
                </Link>
              </th>
              <td className="p-2 font-mono">{match.customerNumber}</td>
              <td className="p-2 font-mono">{match.email}</td>
              <td className="p-2 font-mono">{match.phone ?? "None on file"}</td>
              {kind === "card" ? <td className="p-2 font-mono">{match.cards.join(", ")}</td> : null}
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}
