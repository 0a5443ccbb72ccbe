import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { HTTP_STATUS } from "~/access/http-errors.server";
import type { RequestContext } from "~/edge/request-context";
import { isDomainError } from "~/errors/domain-error";
import { proposeRoleGrant, setRole } from "./staff-accounts.server";
import { DIRECT_ROLES, PROPOSED_ROLES } from "./staff-roles";
import { requireStaff } from "./staff-actor.server";

const ALL_STAFF_ROLES = [...DIRECT_ROLES, ...PROPOSED_ROLES] as const;

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("grant"), user: z.string().min(1).max(64), role: z.enum(DIRECT_ROLES) }),
  z.object({ intent: z.literal("remove"), user: z.string().min(1).max(64), role: z.enum(ALL_STAFF_ROLES) }),
  z.object({
    intent: z.literal("propose"),
    user: z.string({ required_error: "Choose whom to give the role" }).min(1, "Choose whom to give the role").max(64),
    role: z.enum(PROPOSED_ROLES, { errorMap: () => ({ message: "Choose supervisor or admin" }) }),
    reason: z.string({ required_error: "Say why they need it" }).trim().min(10, "Say why they need it (at least 10 characters)").max(300, "Keep it under 300 characters"),
  }),
]);

export interface AdminAnswer {
  reply: SubmissionResult<string[]>;
  message: string | null;
}

export async function adminAction(args: { request: Request; context: RequestContext }): Promise<{ status: number; answer: AdminAnswer }> {
  const staff = await requireStaff(args, "manage:user:any");
  const submission = parseWithZod(await args.request.formData(), { schema });
  if (submission.status !== "success") return { status: 422, answer: { reply: submission.reply(), message: null } };
  const input = submission.value;
  try {
    if (input.intent === "propose") {
      await proposeRoleGrant(staff, input.user, input.role, input.reason);
      return { status: 200, answer: { reply: submission.reply({ resetForm: true }), message: "Proposed. Another admin must approve it within 24 hours." } };
    }
    const outcome = await setRole(staff, input.user, input.role, input.intent === "grant");
    return { status: 200, answer: { reply: submission.reply({ resetForm: true }), message: outcome === "changed" ? "Role updated. It applies from their next page." : "Nothing to change." } };
  } catch (error) {
    if (isDomainError(error) && error.code !== "not_found") return { status: HTTP_STATUS[error.code], answer: { reply: submission.reply({ formErrors: [error.message] }), message: null } };
    throw error;
  }
}
