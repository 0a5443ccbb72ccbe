import type { ReactNode } from "react";

export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-6 space-y-2">
      <h1 className="text-3xl font-bold">{title}</h1>
      {children ? <div className="max-w-3xl text-lg text-slate-700">{children}</div> : null}
    </div>
  );
}
