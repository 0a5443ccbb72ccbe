import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { requireSession } from "~/access/guards.server";
import type { PageOutcome } from "~/access/page-outcome.server";
import type { Permission } from "~/access/permissions";
import { confirmationRequired, formConfirmer } from "~/auth/change-confirmation.server";
import type { ConfirmationRequired } from "~/auth/change-confirmation-fields";
import type { RequestContext } from "~/edge/request-context";
import { DomainError, isDomainError } from "~/errors/domain-error";
import { HTTP_STATUS } from "~/access/http-errors.server";
import { requireStaff } from "~/staff/staff-actor.server";
import { GRANT_ROLE_KIND } from "./approval-kinds.server";
import { approveProposal, proposalById, rejectProposal } from "./approvals.server";

const schema = z
  .object({
    intent: z.enum(["approve", "reject"], { errorMap: () => ({ message: "Choose approve or reject" }) }),
    comment: z.string().trim().max(500, "Keep the comment under 500 characters").optional(),
  })
  .superRefine((value, ctx) => {
    if (value.intent === "reject" && (value.comment ?? "").length < 3) ctx.addIssue({ code: "custom", path: ["comment"], message: "Say why you reject it: the proposer reads this" });
  });

export function assertApprovalId(value: string | undefined): string {
  if (!value || value.length > 64) throw new DomainError("not_found", "There is no such proposal.");
  return value;
}

/**
 * One of the two pages where proposals are decided: which kinds it decides, under which
 * permission, and where a decision returns to. Staff role grants are decided by admins, on
 * the admin pages; every other kind on the staff console.
 */
export interface DecisionDesk {
  permission: Permission;
  decides: (kind: string) => boolean;
  returnTo: (decided: "approve" | "reject") => string;
}

export type DecisionDeskName = "admin" | "staff";

const DECISION_DESKS: Readonly<Record<DecisionDeskName, DecisionDesk>> = {
  admin: { permission: "manage:user:any", decides: (kind) => kind === GRANT_ROLE_KIND, returnTo: () => "/admin" },
  staff: { permission: "approve:change:any", decides: (kind) => kind !== GRANT_ROLE_KIND, returnTo: (decided) => `/staff/approvals?notice=${decided}` },
};

/** The proposal a decision page shows, if that page decides its kind (not found otherwise). */
export async function proposalToDecide(args: { request: Request; context: RequestContext; params: { approvalId?: string } }, deskName: DecisionDeskName) {
  const desk = DECISION_DESKS[deskName];
  const staff = await requireStaff(args, desk.permission);
  const proposal = await proposalById(staff, assertApprovalId(args.params.approvalId));
  if (!desk.decides(proposal.kind)) throw new DomainError("not_found", "There is no such proposal.");
  // Nobody decides what they proposed, nor what is about themselves (their own roles).
  return { proposal, mine: proposal.proposedBy === staff.id || proposal.subjectId === staff.id };
}

export interface DecisionAnswer {
  reply: SubmissionResult<string[]>;
}

/**
 * Approve (with a passkey bound to this proposal) or reject (with a comment). A refusal the
 * decider can read — their own proposal, expired, already decided — comes back beside the form.
 */
export async function decideAction(
  args: { request: Request; context: RequestContext; params: { approvalId?: string } },
  deskName: DecisionDeskName,
): Promise<PageOutcome<DecisionAnswer | ConfirmationRequired>> {
  const staff = await requireStaff(args, DECISION_DESKS[deskName].permission);
  const session = await requireSession(args);
  const id = assertApprovalId(args.params.approvalId);
  const form = await args.request.formData();
  const submission = parseWithZod(form, { schema });
  if (submission.status !== "success") return { status: 422, body: { reply: submission.reply() } };
  const { intent, comment } = submission.value;
  try {
    if (intent === "approve") await approveProposal(staff, id, comment ?? "", formConfirmer(session, args.context, form));
    else await rejectProposal(staff, id, comment ?? "");
    return { goTo: DECISION_DESKS[deskName].returnTo(intent) };
  } catch (error) {
    const ask = confirmationRequired(error);
    if (ask) return { status: 403, body: ask };
    if (isDomainError(error) && error.code !== "not_found") return { status: HTTP_STATUS[error.code], body: { reply: submission.reply({ formErrors: [error.message] }) } };
    throw error;
  }
}
