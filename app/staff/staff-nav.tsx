import { NavLink, useRouteLoaderData } from "@remix-run/react";
import { mayOpen } from "~/access/path-policy";

interface RootData {
  user: { permissions: string[] } | null;
}

const LINKS = [
  { to: "/staff", label: "Search", end: true },
  { to: "/staff/reviews", label: "Reviews", end: false },
  { to: "/staff/approvals", label: "Approvals", end: false },
  { to: "/admin", label: "Staff accounts", end: true },
  { to: "/admin/audit", label: "Audit", end: false },
] as const;

/**
 * The staff area's own navigation. A link shows only when the route registry would let this
 * person in (and the page exists), so nobody is offered a page that answers 403.
 */
export function StaffNav() {
  const permissions = useRouteLoaderData<RootData>("root")?.user?.permissions ?? [];
  const links = LINKS.filter((link) => mayOpen(link.to, permissions));
  if (links.length === 0) return null;
  return (
    <nav aria-label="Staff" className="mb-6 border-b border-slate-200 pb-3">
      <ul className="flex flex-wrap gap-4">
        {links.map((link) => (
          <li key={link.to}>
            <NavLink
              to={link.to}
              end={link.end}
              className={({ isActive }) => (isActive ? "rounded bg-brand-50 px-2 py-1 font-semibold text-brand-800" : "px-2 py-1")}
            >
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
