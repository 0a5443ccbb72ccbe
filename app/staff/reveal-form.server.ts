import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { REVEAL_FIELDS, REVEAL_REASONS, type RevealReason } from "./reveal-options";

const REASON_KEYS = Object.keys(REVEAL_REASONS) as [RevealReason, ...RevealReason[]];

const schema = z
  .object({
    field: z.enum(REVEAL_FIELDS, { errorMap: () => ({ message: "Choose which detail to reveal" }) }),
    reason: z.enum(REASON_KEYS, { errorMap: () => ({ message: "Choose why you need to see it" }) }),
    note: z.string().trim().max(200, "Keep the note under 200 characters").optional(),
  })
  .superRefine((value, ctx) => {
    if (value.reason === "other" && (value.note ?? "").length < 5) {
      ctx.addIssue({ code: "custom", path: ["note"], message: "Say why you need to see it (at least 5 characters): the customer will read this" });
    }
  });

export function parseRevealForm(formData: FormData) {
  return parseWithZod(formData, { schema });
}
