import type { Role } from "../../db/schema";

// Listed in groups so each group is written once, here and in the role table below.
const CUSTOMER_OWN = ["read:account:own", "read:card:own", "update:controls:own"] as const;
const SELF_SERVICE = ["read:activity:own", "manage:passkey:own", "manage:session:own"] as const;
const SUPPORT_WORK = ["read:customer:any", "reveal:pii:any", "review:payment:any", "freeze:card:any", "revoke:session:any", "propose:change:any"] as const;

/**
 * `action:entity:access` — shared by server and UI. The UI only uses them to decide
 * what to show; every loader and action checks them again on the server.
 */
export const PERMISSIONS = [
  ...CUSTOMER_OWN,
  ...SELF_SERVICE,
  ...SUPPORT_WORK,
  "approve:change:any",
  "draft:guide:any",
  "publish:guide:any",
  "read:audit:any",
  "manage:user:any",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ["customer", "support", "supervisor", "editor", "admin"] as const satisfies readonly Role[];

const SUPPORT: Permission[] = [...SELF_SERVICE, ...SUPPORT_WORK];

/** The one role → permission table. Nothing else grants access. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  customer: [...SELF_SERVICE, ...CUSTOMER_OWN],
  support: SUPPORT,
  // Supervisors read the audit trail (they answer for their team); only admins manage accounts.
  supervisor: [...SUPPORT, "approve:change:any", "read:audit:any"],
  editor: [...SELF_SERVICE, "draft:guide:any", "publish:guide:any"],
  admin: [...SELF_SERVICE, "read:audit:any", "manage:user:any"],
};

export const STAFF_ROLES: readonly Role[] = ["support", "supervisor", "editor", "admin"];

export function permissionsFor(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role] ?? []));
}

export function isStaff(roles: readonly Role[]): boolean {
  return roles.some((role) => STAFF_ROLES.includes(role));
}
