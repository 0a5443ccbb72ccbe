import { z } from "zod";

/** The enrolment form as sent without JavaScript: read (and echoed back) only to say it needs it. */
export const enrolmentFormSchema = z.object({
  email: z.string().trim().max(254).optional(),
  code: z.string().trim().max(32).optional(),
});
