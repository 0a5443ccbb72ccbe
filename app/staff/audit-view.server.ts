import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { csvDocument } from "~/accounts/csv";
import { AUDIT_ENTRY_COLUMNS } from "~/audit/audit-entry-columns";
import { recordAuditEvent } from "~/audit/audit-log.server";
import { db } from "~/db.server";
import { foldName } from "~/users/search-keys.server";
import type { StaffActor } from "./staff-actor.server";

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_MAX = 10_000;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-30")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00.000Z`)), "That date doesn't exist")
  .optional();
const schema = z
  .object({
    actor: z.string().trim().max(100, "Keep it under 100 characters").optional(),
    customer: z.string().trim().regex(/^[\d ]{1,12}$/, "A customer number is 8 digits").optional(),
    action: z.string().trim().regex(/^[a-z_.]{1,60}$/, "Actions look like pii.revealed or approval (lower case, dots)").optional(),
    from: day,
    to: day,
    before: z.coerce.number().int().positive().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.from > value.to) ctx.addIssue({ code: "custom", path: ["to"], message: "The end date is before the start date" });
  });

export function parseAuditFilters(params: URLSearchParams) {
  return parseWithZod(params, { schema });
}

export type AuditFilters = Exclude<z.infer<typeof schema>, undefined>;

export interface AuditLine {
  seq: number;
  at: string;
  actor: string;
  actorRole: string | null;
  action: string;
  subject: string;
  details: string;
}

/** Rows matching the filters, newest first, one page after the `before` cursor (a seq). */
async function query(filters: AuditFilters, limit: number) {
  let q = db()
    .selectFrom("audit_log")
    .leftJoin("users as actor", "actor.id", "audit_log.actor_id")
    .leftJoin("users as subject", (join) => join.onRef("subject.id", "=", "audit_log.subject_id").on("audit_log.subject_type", "=", "user"))
    .select([
      ...AUDIT_ENTRY_COLUMNS,
      "actor.display_name as actor_name",
      "subject.display_name as subject_name",
      "subject.customer_number as subject_number",
    ])
    .orderBy("audit_log.seq", "desc")
    .limit(limit);
  // Prefixes by substr, not LIKE: the same on both engines, with no wildcard characters to escape.
  if (filters.actor) {
    const folded = foldName(filters.actor);
    q = q.where((eb) => eb.or([eb("audit_log.actor_id", "=", filters.actor!), eb(eb.fn<string>("substr", ["actor.name_search", eb.lit(1), eb.lit(folded.length)]), "=", folded)]));
  }
  if (filters.customer) {
    const number = filters.customer.replace(/\s/g, "");
    q = q.where("audit_log.subject_type", "=", "user").where("subject.customer_number", "=", number);
  }
  if (filters.action) {
    const prefix = `${filters.action}.`;
    q = q.where((eb) => eb.or([eb("audit_log.action", "=", filters.action!), eb(eb.fn<string>("substr", ["audit_log.action", eb.lit(1), eb.lit(prefix.length)]), "=", prefix)]));
  }
  if (filters.from) q = q.where("audit_log.at", ">=", `${filters.from}T00:00:00.000Z`);
  if (filters.to) q = q.where("audit_log.at", "<", new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + 86_400_000).toISOString());
  if (filters.before) q = q.where("audit_log.seq", "<", filters.before);
  const rows = await q.execute();
  return rows.map(
    (row): AuditLine => ({
      seq: row.seq,
      at: row.at,
      actor: row.actor_name ?? (row.actor_role ? `(${row.actor_role})` : "(system)"),
      actorRole: row.actor_role,
      action: row.action,
      subject: row.subject_name ? `${row.subject_name}${row.subject_number ? ` (${row.subject_number})` : ""}` : row.subject_type ? `${row.subject_type} ${row.subject_id ?? ""}`.trim() : "",
      details: row.details,
    }),
  );
}

/** One page, with the cursor of the next; looking is itself on record. */
export async function auditPage(actor: StaffActor, filters: AuditFilters): Promise<{ lines: AuditLine[]; nextBefore: number | null }> {
  const lines = await query(filters, AUDIT_PAGE_SIZE + 1);
  await recordAuditEvent({ actorId: actor.id, actorRole: actor.role, action: "audit.viewed", subjectType: "audit_log", ip: actor.ip, userAgent: actor.userAgent, details: { filters } });
  const page = lines.slice(0, AUDIT_PAGE_SIZE);
  return { lines: page, nextBefore: lines.length > AUDIT_PAGE_SIZE ? page.at(-1)!.seq : null };
}

export async function auditCsv(actor: StaffActor, filters: AuditFilters): Promise<string> {
  const lines = await query({ ...filters, before: undefined }, AUDIT_EXPORT_MAX);
  await recordAuditEvent({ actorId: actor.id, actorRole: actor.role, action: "audit.exported", subjectType: "audit_log", ip: actor.ip, userAgent: actor.userAgent, details: { filters, rows: lines.length } });
  return csvDocument(
    ["seq", "at", "actor", "role", "action", "subject", "details"],
    lines.map((line) => [line.seq, line.at, line.actor, line.actorRole, line.action, line.subject, line.details]),
  );
}
