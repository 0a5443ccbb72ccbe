import type { GuideRevisionStatus } from "../../db/schema";

const LABELS: Readonly<Record<GuideRevisionStatus, { text: string; className: string }>> = {
  draft: { text: "Draft", className: "border-slate-500 bg-slate-100 text-slate-900" },
  in_review: { text: "In review", className: "border-amber-700 bg-amber-50 text-amber-950" },
  published: { text: "Published", className: "border-green-700 bg-green-50 text-green-950" },
  rejected: { text: "Rejected", className: "border-red-700 bg-red-50 text-red-950" },
  superseded: { text: "Superseded", className: "border-slate-400 bg-white text-slate-800" },
};

export function RevisionStatus({ status }: { status: GuideRevisionStatus }) {
  const label = LABELS[status];
  return <span className={`inline-block rounded border px-2 text-sm font-semibold ${label.className}`}>{label.text}</span>;
}
