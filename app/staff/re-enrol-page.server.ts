import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import type { RequestContext } from "~/edge/request-context";
import { isDomainError } from "~/errors/domain-error";
import { assertCustomerId } from "./customer-page-actions.server";
import { accessSummary, proposeReEnrolment } from "./re-enrolment.server";
import { requireStaff } from "./staff-actor.server";

const schema = z.object({
  reason: z
    .string({ required_error: "Say how you checked it is really the customer" })
    .trim()
    .min(10, "Say how you checked it is really the customer (at least 10 characters)")
    .max(300, "Keep it under 300 characters"),
});

type Args = { request: Request; context: RequestContext; params: { customerId?: string } };

/** What the proposer sees before proposing: the passkeys and sessions re-enrolment would remove. */
export async function reEnrolPageData(args: Args) {
  await requireStaff(args, "propose:change:any");
  return { customer: await accessSummary(assertCustomerId(args.params.customerId)) };
}

export interface ReEnrolAnswer {
  reply: SubmissionResult<string[]>;
}

export async function reEnrolAction(args: Args): Promise<{ status: number; answer: ReEnrolAnswer; proposed: boolean }> {
  const staff = await requireStaff(args, "propose:change:any");
  const customerId = assertCustomerId(args.params.customerId);
  const submission = parseWithZod(await args.request.formData(), { schema });
  if (submission.status !== "success") return { status: 422, answer: { reply: submission.reply() }, proposed: false };
  try {
    await proposeReEnrolment(staff, customerId, submission.value.reason);
    return { status: 200, answer: { reply: submission.reply({ resetForm: true }) }, proposed: true };
  } catch (error) {
    if (isDomainError(error, "conflict")) return { status: 409, answer: { reply: submission.reply({ formErrors: [error.message] }) }, proposed: false };
    throw error;
  }
}
