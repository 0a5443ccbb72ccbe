import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import type { RequestContext } from "~/edge/request-context";
import { DomainError, isDomainError } from "~/errors/domain-error";
import { assignToMe, MAX_ALLOW_DAYS, resolveCase } from "./review-queue.server";
import { requireStaff } from "./staff-actor.server";

const schema = z
  .discriminatedUnion("intent", [
    z.object({ intent: z.literal("assign") }),
    z.object({
      intent: z.literal("resolve"),
      outcome: z.enum(["fraud", "legitimate"], { errorMap: () => ({ message: "Choose fraud or genuine" }) }),
      allowDays: z.coerce.number({ invalid_type_error: "Enter a number of days" }).int("Enter whole days").min(1, "At least 1 day").max(MAX_ALLOW_DAYS, `At most ${MAX_ALLOW_DAYS} days`).optional(),
      note: z.string().trim().max(300, "Keep the note under 300 characters").optional(),
    }),
  ])
  .superRefine((value, ctx) => {
    if (value.intent === "resolve" && value.outcome === "legitimate" && value.allowDays === undefined) {
      ctx.addIssue({ code: "custom", path: ["allowDays"], message: "Say for how many days to let this merchant through" });
    }
  });

export function assertReviewId(value: string | undefined): string {
  if (!value || value.length > 64) throw new DomainError("not_found", "There is no such case.");
  return value;
}

export interface ReviewAnswer {
  reply: SubmissionResult<string[]>;
}

export async function reviewAction(args: { request: Request; context: RequestContext; params: { reviewId?: string } }): Promise<{ status: number; answer: ReviewAnswer; done: "assigned" | "fraud" | "legitimate" | null }> {
  const staff = await requireStaff(args, "review:payment:any");
  const id = assertReviewId(args.params.reviewId);
  const submission = parseWithZod(await args.request.formData(), { schema });
  if (submission.status !== "success") return { status: 422, answer: { reply: submission.reply() }, done: null };
  const input = submission.value;
  try {
    if (input.intent === "assign") {
      await assignToMe(staff, id);
      return { status: 200, answer: { reply: submission.reply() }, done: "assigned" };
    }
    const note = input.note ?? "";
    await resolveCase(staff, id, input.outcome === "fraud" ? { outcome: "fraud", note } : { outcome: "legitimate", note, allowDays: input.allowDays ?? 1 });
    return { status: 200, answer: { reply: submission.reply({ resetForm: true }) }, done: input.outcome };
  } catch (error) {
    if (isDomainError(error, "conflict")) return { status: 409, answer: { reply: submission.reply({ formErrors: [error.message] }) }, done: null };
    throw error;
  }
}
