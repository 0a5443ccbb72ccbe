import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { recordAuditEvent } from "~/audit/audit-log.server";
import { SEARCH_KINDS, searchCustomers, searchKey, type CustomerMatch, type SearchKind } from "~/users/customer-search.server";
import type { StaffActor } from "./staff-actor.server";

const PROBLEMS: Record<SearchKind, string> = {
  name: "Enter at least two letters of the customer's name",
  email: "Enter the full email address, like name@example.com",
  phone: "Enter the full phone number, like +44 7700 900123 or 07700 900123",
  card: "Enter the last four digits of the card, like 6160",
  number: "Enter the eight-digit customer number, like 4821 0937",
};

const schema = z
  .object({
    by: z.enum(SEARCH_KINDS, { errorMap: () => ({ message: "Choose what to search by" }) }),
    q: z.string({ required_error: "Enter what to search for" }).trim().min(1, "Enter what to search for").max(254, "That is too long for any search"),
  })
  .superRefine((value, ctx) => {
    if (value.q && searchKey(value.by, value.q) === null) ctx.addIssue({ code: "custom", path: ["q"], message: PROBLEMS[value.by] });
  });

type Reply = SubmissionResult<string[]>;

export type LookupResult = { ok: false; reply: Reply } | { ok: true; reply: Reply; kind: SearchKind; matches: CustomerMatch[] };

/**
 * Validates a search, runs it, and records who searched by which kind of key and how many
 * customers matched — never what was typed.
 */
export async function lookUpCustomers(actor: StaffActor, formData: FormData): Promise<LookupResult> {
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return { ok: false, reply: submission.reply() };
  const { by, q } = submission.value;
  const matches = await searchCustomers(by, searchKey(by, q) as string);
  await recordAuditEvent({
    actorId: actor.id,
    actorRole: actor.role,
    action: "staff.customer_search",
    subjectType: "search",
    subjectId: by,
    ip: actor.ip,
    userAgent: actor.userAgent,
    details: { by, results: matches.length },
  });
  return { ok: true, reply: submission.reply(), kind: by, matches };
}
