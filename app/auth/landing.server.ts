import { mayOpen } from "~/access/path-policy.server";
import type { Permission } from "~/access/permissions";

/**
 * Where each kind of person starts, in this order, so someone with several roles goes to the
 * first that applies. Client-safe: the header and the sign-in page use the same list.
 */
export const LANDINGS: readonly { path: string; permission: Permission }[] = [
  { path: "/accounts", permission: "read:account:own" },
  { path: "/staff", permission: "read:customer:any" },
  { path: "/editor", permission: "draft:guide:any" },
  { path: "/admin", permission: "manage:user:any" },
  { path: "/admin", permission: "read:audit:any" },
];

// Every role manages its own passkeys; someone with no role at all gets the public home page.
const LAST_RESORTS = ["/security", "/"];

/** The page a person lands on after signing in: where they asked to go if they may, else their own area. */
export function landingPath(permissions: ReadonlySet<Permission> | readonly Permission[], returnTo?: string | null): string {
  const held = new Set<string>(permissions);
  if (returnTo && returnTo !== "/" && mayOpen(returnTo, held)) return returnTo;
  const landing = LANDINGS.find((candidate) => held.has(candidate.permission) && mayOpen(candidate.path, held));
  return landing?.path ?? LAST_RESORTS.find((path) => mayOpen(path, held)) ?? "/";
}
