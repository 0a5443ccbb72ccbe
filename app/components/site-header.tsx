import { Form, Link, NavLink } from "@remix-run/react";
import { AuthenticityField } from "./authenticity-field";

export interface HeaderUser {
  displayName: string;
  /** The navigation paths the route registry lets this person open, decided by the root loader. */
  opens: string[];
}

// Each area shows when the route registry would let this person in, so the header and the
// server can never disagree about who sees what. The registry itself stays on the server.
export const AREAS: { to: string; label: string }[] = [
  { to: "/accounts", label: "Accounts" },
  { to: "/security", label: "Security" },
  { to: "/staff", label: "Staff console" },
  { to: "/editor", label: "Guide editor" },
  { to: "/admin", label: "Admin" },
];

export function SiteHeader({ user }: { user: HeaderUser | null }) {
  const areas = user ? AREAS.filter((area) => user.opens.includes(area.to)) : [];
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-6 px-4 py-3">
        <Link to="/" className="text-xl font-bold text-brand-800 no-underline">
          Strongroom
        </Link>
        <nav aria-label="Main" className="flex-1">
          <ul className="flex flex-wrap gap-4">
            {areas.map((area) => (
              <li key={area.to}>
                <NavLink to={area.to} className={({ isActive }) => (isActive ? "font-semibold" : undefined)}>
                  {area.label}
                </NavLink>
              </li>
            ))}
            <li>
              <NavLink to="/security/guides">Security guides</NavLink>
            </li>
          </ul>
        </nav>
        {user ? (
          <div className="flex items-center gap-3">
            <span className="text-sm text-slate-700">
              Signed in as <strong>{user.displayName}</strong>
            </span>
            <Form method="post" action="/sign-out">
              <AuthenticityField />
              <button type="submit" className="rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100">
                Sign out
              </button>
            </Form>
          </div>
        ) : (
          <Link to="/sign-in" className="rounded bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white no-underline hover:bg-brand-800 hover:text-white">
            Sign in
          </Link>
        )}
      </div>
    </header>
  );
}
