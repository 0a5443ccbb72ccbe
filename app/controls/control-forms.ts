import { z } from "zod";
import { BLOCKABLE_CATEGORY_GROUPS } from "~/authorization/merchant-categories";
import { CHANNELS, TRAVEL_MODES, type Channel } from "~/authorization/types";
import { isCalendarDay } from "~/format/dates";
import { isCountryCode } from "~/geo/countries.server";
import type { CurrencyCode } from "~/money/currencies";
import { parseMajorAmount } from "~/money/money";
import type { CardSettings } from "./card-settings";

/**
 * The forms of the card controls page, validated with zod (through Conform's parseWithZod
 * in the route). Field names are also the input ids, so an error summary can link to them.
 */

const MAX_MINOR = 100_000_000_00;
const MAX_TRIP_DAYS = 90;
const TRIP_BOOKING_HORIZON_DAYS = 365;
const DAY_MS = 86_400_000;

/** "es, FR pt" → ["ES", "FR", "PT"]; unknown codes are reported by name. */
const countryList = (label: string, options: { min?: number; max: number }) =>
  z
    .string()
    .max(1_000)
    .optional()
    .transform((value, ctx) => {
      const codes = [...new Set((value ?? "").toUpperCase().split(/[\s,;]+/).filter(Boolean))];
      const unknown = codes.filter((code) => !isCountryCode(code));
      if (unknown.length > 0) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${unknown.slice(0, 3).join(", ")} ${unknown.length === 1 ? "is not a" : "are not"} two-letter country code${unknown.length === 1 ? "" : "s"}. Use codes like ES or FR` });
        return z.NEVER;
      }
      if (options.min && codes.length < options.min) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Enter at least one country for ${label}, like ES` });
        return z.NEVER;
      }
      if (codes.length > options.max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Enter no more than ${options.max} countries for ${label}` });
        return z.NEVER;
      }
      return codes;
    });

/**
 * Empty means "no limit" (or "no block"); otherwise a positive amount in the account's
 * currency, never a float. Zero gets its own message: people type 0 meaning "none".
 */
const optionalAmount = (label: string, currency: CurrencyCode, kind: "limit" | "block" = "limit") =>
  z
    .string()
    .max(20)
    .optional()
    .transform((value, ctx) => {
      const text = (value ?? "").trim();
      if (text === "") return null;
      const minor = parseMajorAmount(text.replace(/^£/, ""), currency);
      if (minor === 0) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `0 is not a ${kind} amount — leave it empty for no ${kind}` });
        return z.NEVER;
      }
      if (minor === null || minor < 0 || minor > MAX_MINOR) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Enter ${label} as an amount like 50 or 49.99, or leave it empty for no ${kind}` });
        return z.NEVER;
      }
      return minor;
    });

// One message per field: zod runs later refinements even after an earlier check failed.
const dateField = (label: string) =>
  z.string({ required_error: `Enter ${label}` }).superRefine((value, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Enter ${label} as a date, like 2026-12-20` });
    else if (!isCalendarDay(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Enter ${label} as a real date: ${value} is not a day of the calendar` });
  });

const perChannel = <P extends string, T extends z.ZodTypeAny>(prefix: P, field: (channel: Channel) => T) =>
  Object.fromEntries(CHANNELS.map((channel) => [`${prefix}${channel}`, field(channel)])) as { [C in Channel as `${P}${C}`]: T };

const CHANNEL_WORDS: Record<Channel, string> = { in_store: "in-store payments", online: "online payments", atm: "cash machine withdrawals", contactless: "contactless payments" };

// Built inside the function: a module-level zod call would keep zod in the browser bundle.

export function controlsFormSchema(currency: CurrencyCode, today: string) {
  const uuid = z.string().uuid();
  const todayMs = Date.parse(`${today}T00:00:00.000Z`);
  return z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("freeze") }),
    z.object({ intent: z.literal("unfreeze") }),
    z.object({ intent: z.literal("channels"), ...perChannel("channel_", () => z.boolean().optional()) }),
    z.object({ intent: z.literal("amount-blocks"), ...perChannel("amount_", (channel) => optionalAmount(`the largest ${CHANNEL_WORDS[channel].replace(/s$/, "")}`, currency, "block")) }),
    z.object({
      intent: z.literal("limits"),
      limit_perPayment: optionalAmount("the limit for any single payment", currency),
      limit_daily: optionalAmount("the daily limit", currency),
      limit_weekly: optionalAmount("the weekly limit", currency),
      limit_monthly: optionalAmount("the monthly limit", currency),
      ...perChannel("limit_channel_", (channel) => optionalAmount(`the daily limit for ${CHANNEL_WORDS[channel]}`, currency)),
    }),
    z.object({ intent: z.literal("categories"), category: z.array(z.enum(BLOCKABLE_CATEGORY_GROUPS)).max(BLOCKABLE_CATEGORY_GROUPS.length).optional() }),
    z
      .object({
        intent: z.literal("travel"),
        homeCountry: z
          .string({ required_error: "Enter your home country, like GB" })
          .transform((value) => value.trim().toUpperCase())
          .refine(isCountryCode, "Enter your home country as a two-letter code, like GB"),
        mode: z.enum(TRAVEL_MODES, { errorMap: () => ({ message: "Choose where your card can be used" }) }),
        blockedCountries: countryList("blocked countries", { max: 100 }),
        allowedCountries: countryList("allowed countries", { max: 100 }),
      }),
    z.object({
      intent: z.literal("add-trip"),
      tripCountries: countryList("your trip", { min: 1, max: 10 }),
      tripStart: dateField("the first day of your trip").refine((value) => {
        if (!isCalendarDay(value)) return true;
        const start = Date.parse(`${value}T00:00:00.000Z`);
        return start >= todayMs && start <= todayMs + TRIP_BOOKING_HORIZON_DAYS * DAY_MS;
      }, "The first day must be today or later, and within a year"),
      tripEnd: dateField("the last day of your trip"),
    }),
    z.object({ intent: z.literal("cancel-trip"), tripId: uuid }),
    z.object({ intent: z.literal("cancel-change"), changeId: uuid }),
    z.object({ intent: z.literal("unblock-merchant"), merchantId: z.string().min(1).max(64) }),
  ]);
}

export type ControlsForm = z.infer<ReturnType<typeof controlsFormSchema>>;

/** Cross-field rules the discriminated union cannot hold; errors keyed by field id. */
export function crossFieldErrors(form: ControlsForm): Record<string, string> {
  if (form.intent === "travel") {
    const both = form.blockedCountries.filter((code) => form.allowedCountries.includes(code));
    if (both.length > 0) return { allowedCountries: `${both.join(", ")} can't be both blocked and allowed` };
  }
  if (form.intent === "add-trip") {
    const start = Date.parse(`${form.tripStart}T00:00:00.000Z`);
    const end = Date.parse(`${form.tripEnd}T00:00:00.000Z`);
    if (end < start) return { tripEnd: "The last day must be on or after the first day" };
    if (end - start >= MAX_TRIP_DAYS * DAY_MS) return { tripEnd: `A trip can last up to ${MAX_TRIP_DAYS} days; add another one for longer` };
  }
  return {};
}

/** The settings edit a form asks for, or null for forms that do something else. */
export function settingsEditFor(form: ControlsForm): ((draft: CardSettings) => void) | null {
  switch (form.intent) {
    case "channels":
      return (draft) => {
        for (const channel of CHANNELS) draft.channels[channel] = form[`channel_${channel}`] === true;
      };
    case "amount-blocks":
      return (draft) => {
        for (const channel of CHANNELS) draft.amountBlocks[channel] = form[`amount_${channel}`];
      };
    case "limits":
      return (draft) => {
        draft.limits.perPayment = form.limit_perPayment;
        draft.limits.daily = form.limit_daily;
        draft.limits.weekly = form.limit_weekly;
        draft.limits.monthly = form.limit_monthly;
        for (const channel of CHANNELS) draft.limits.channelDaily[channel] = form[`limit_channel_${channel}`];
      };
    case "categories":
      return (draft) => {
        draft.blockedCategories = [...(form.category ?? [])];
      };
    case "travel":
      return (draft) => {
        draft.travel = { homeCountry: form.homeCountry, mode: form.mode, blockedCountries: form.blockedCountries, allowedCountries: form.allowedCountries };
      };
    case "unblock-merchant":
      return (draft) => {
        draft.blockedMerchants = draft.blockedMerchants.filter((merchant) => merchant.id !== form.merchantId);
      };
    default:
      return null;
  }
}
