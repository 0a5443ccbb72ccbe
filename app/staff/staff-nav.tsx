import { NavLink, useRouteLoaderData } from "@remix-run/react";

interface RootData {
  user: { opens: string[] } | null;
}

export const STAFF_LINKS = [
  { to: "/staff", label: "Search", end: true },
  { to: "/staff/reviews", label: "Reviews", end: false },
  { to: "/staff/approvals", label: "Approvals", end: false },
  { to: "/admin", label: "Staff accounts", end: true },
  { to: "/admin/audit", label: "Audit", end: false },
] as const;

/**
 * The staff area's own navigation. A link shows only when the route registry would let this
 * person in (and the page exists), so nobody is offered a page that answers 403; the root
 * loader decides that on the server.
 */
export function StaffNav() {
  const opens = useRouteLoaderData<RootData>("root")?.user?.opens ?? [];
  const links = STAFF_LINKS.filter((link) => opens.includes(link.to));
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
