import type { Role } from "../../db/schema";

/** Client-safe: the admin page renders these, the server module enforces them. */

/** Roles an admin sets directly; the other two are proposals another admin approves. */
export const DIRECT_ROLES = ["support", "editor"] as const satisfies readonly Role[];
export const PROPOSED_ROLES = ["supervisor", "admin"] as const satisfies readonly Role[];
export type DirectRole = (typeof DIRECT_ROLES)[number];
export type ProposedRole = (typeof PROPOSED_ROLES)[number];

export const ROLE_WORDS: Record<Role, string> = { customer: "Customer", support: "Support", supervisor: "Supervisor", editor: "Content editor", admin: "Admin" };
