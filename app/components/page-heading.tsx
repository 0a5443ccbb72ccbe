import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** The page's h1 and its lead paragraph; `back` puts the way up to where it was opened from above it. */
export function PageHeading({ title, back, children }: { title: string; back?: { to: string; label: string }; children?: ReactNode }) {
  return (
    <>
      {back ? (
        <p className="mb-2">
          <Link to={back.to}>{back.label}</Link>
        </p>
      ) : null}
      <div className="mb-6 space-y-2">
        <h1 className="text-3xl font-bold">{title}</h1>
        {children ? <div className="max-w-3xl text-lg text-slate-700">{children}</div> : null}
      </div>
    </>
  );
}
