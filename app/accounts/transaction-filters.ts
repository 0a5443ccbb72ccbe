import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { isCalendarDay } from "~/format/dates";
import { replyValue, type FormReply } from "~/forms/reply-form";
import type { CurrencyCode } from "~/money/currencies";
import { parseMajorAmount } from "~/money/money";

export const PAGE_SIZE = 50;
const MAX_PAGE = 10_000;
const MAX_AMOUNT_MINOR = 100_000_000_00;

/** What the filter form sends back, as typed, so the form can show it again. */
export interface FilterValues {
  from: string;
  to: string;
  min: string;
  max: string;
  q: string;
}

export interface TransactionFilters {
  /** inclusive, YYYY-MM-DD (UTC) */
  from: string | null;
  /** inclusive, YYYY-MM-DD (UTC) */
  to: string | null;
  /** bounds on the size of a transaction, in or out, in the account's minor units */
  minMinor: number | null;
  maxMinor: number | null;
  q: string | null;
  page: number;
}

/** Conform's reply either way: the form shows what was sent, and the errors when there are any. */
export type FilterParse = { ok: true; filters: TransactionFilters; reply: FormReply } | { ok: false; reply: FormReply };

const FIELDS = ["from", "to", "min", "max", "q", "page"] as const;

const dateField = (label: string) =>
  z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === "") return null;
      if (!isCalendarDay(value)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Enter ${label} as a real date, like 2026-11-01` });
        return z.NEVER;
      }
      return value;
    });

const amountField = (label: string, currency: CurrencyCode) =>
  z
    .string()
    .trim()
    .max(20, `Enter ${label} like 25 or 25.50`)
    .transform((value, ctx) => {
      if (value === "") return null;
      const minor = parseMajorAmount(value, currency);
      if (minor === null || minor > MAX_AMOUNT_MINOR) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Enter ${label} like 25 or 25.50` });
        return z.NEVER;
      }
      return minor;
    });

function schemaFor(currency: CurrencyCode) {
  return z
    .object({
      from: dateField("the first date"),
      to: dateField("the last date"),
      min: amountField("the smallest amount", currency),
      max: amountField("the largest amount", currency),
      q: z
        .string()
        .trim()
        .max(100, "Search for 100 characters or fewer")
        .transform((value) => (value === "" ? null : value)),
      page: z
        .string()
        .trim()
        .transform((value, ctx) => {
          if (value === "") return 1;
          const page = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
          if (!(page >= 1 && page <= MAX_PAGE)) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: "That page doesn't exist" });
            return z.NEVER;
          }
          return page;
        }),
    })
    .superRefine((value, ctx) => {
      if (value.from && value.to && value.from > value.to) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: "The last date must be on or after the first date" });
      }
      if (value.min !== null && value.max !== null && value.min > value.max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["max"], message: "The largest amount must be at least the smallest amount" });
      }
    });
}

/** Reads the filter form from a query string; every field is optional, and wrong ones come back as field errors. */
export function parseTransactionFilters(params: URLSearchParams, currency: CurrencyCode): FilterParse {
  // Every field present as typed (an absent one is empty), at most 200 characters of it.
  const sent = new URLSearchParams(FIELDS.map((key) => [key, (params.get(key) ?? "").slice(0, 200)]));
  const submission = parseWithZod(sent, { schema: schemaFor(currency), disableAutoCoercion: true });
  if (submission.status !== "success") return { ok: false, reply: submission.reply() };
  const { from, to, min, max, q, page } = submission.value;
  return { ok: true, filters: { from, to, minMinor: min, maxMinor: max, q, page }, reply: submission.reply() };
}

/** What the filter form sent, to show again and to carry into paging and CSV links. */
export function filterValues(reply: FormReply): FilterValues {
  const value = (key: keyof FilterValues) => replyValue(reply, key) ?? "";
  return { from: value("from"), to: value("to"), min: value("min"), max: value("max"), q: value("q") };
}

/** The same filters as a query string, for paging links and the CSV export. */
export function filterQuery(values: FilterValues, page?: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value.trim() !== "") params.set(key, value.trim());
  if (page && page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `?${text}` : "";
}
