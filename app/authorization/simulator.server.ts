import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { getEnv } from "~/config/env.server";
import type { FormReply } from "~/forms/reply-form";
import { countryFromInput } from "~/geo/countries.server";
import { isSupportedCurrency } from "~/money/currencies";
import { categoryGroupFor, categoryLabel } from "./merchant-categories";
import { parseMajorAmount } from "~/money/money";
import { sendAuthorization } from "./network-client.server";
import { networkClients } from "./network-signature.server";
import { CHANNELS } from "./types";

/**
 * The development simulator: the form a newcomer fills to send one signed authorization
 * request to this server, exactly as the card network would.
 */

/** One merchant category code per kind of payment worth trying: everyday, blockable and travel. */
const SAMPLE_MCCS = ["5812", "5411", "5999", "7995", "6051", "6011", "4511"] as const;

/** Labelled with the words customers see on their activity, so a newcomer recognises the block it meets. */
export function simulatorCategories(): { code: string; label: string }[] {
  return SAMPLE_MCCS.map((code) => ({ code, label: categoryLabel(categoryGroupFor(code)) }));
}

const simulatorFormSchema = z.object({
  card: z.string().regex(/^tok_[A-Za-z0-9_]{6,64}$/, "Choose a card"),
  amount: z.string().min(1, "Enter an amount"),
  currency: z.string().regex(/^[A-Za-z]{3}$/, "Enter a three-letter currency code, like EUR"),
  country: z
    .string()
    .trim()
    .min(1, "Enter the merchant's country, like ES or Spain")
    .max(60)
    .transform((value, ctx) => {
      const country = countryFromInput(value);
      if (country.ok) return country.code;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${value} is not a country we know. Enter a two-letter code or an English name, like ES or Spain${country.suggestion ? ` (for this one, ${country.suggestion})` : ""}` });
      return z.NEVER;
    }),
  mcc: z.string().regex(/^\d{4}$/, "Choose a merchant category"),
  channel: z.enum(CHANNELS),
  merchant: z.string().trim().min(1, "Enter a merchant name").max(64),
});

export type SimulatorOutcome = { reply: FormReply } | { answer: { status: number; body: Record<string, unknown> } };

const HIDDEN = ["_csrf"];

export async function sendFromSimulator(form: FormData): Promise<SimulatorOutcome> {
  const submission = parseWithZod(form, { schema: simulatorFormSchema });
  if (submission.status !== "success") return { reply: submission.reply({ hideFields: HIDDEN }) };
  const input = submission.value;
  const currency = input.currency.toUpperCase();
  const amountMinor = isSupportedCurrency(currency) ? parseMajorAmount(input.amount, currency) : null;
  if (amountMinor === null && isSupportedCurrency(currency)) return { reply: submission.reply({ fieldErrors: { amount: ["Enter an amount like 12.50"] }, hideFields: HIDDEN }) };
  const [client] = [...networkClients().entries()];
  if (!client) return { reply: submission.reply({ fieldErrors: { card: ["NETWORK_CLIENT_KEYS has no client configured"] }, hideFields: HIDDEN }) };
  const answer = await sendAuthorization(getEnv().ORIGINS[0] as string, { id: client[0], secret: client[1] }, {
    card_token: input.card,
    // An unsupported currency goes through as cents, so the engine's own refusal can be seen.
    amount_minor: amountMinor ?? Math.max(1, Math.round(Number(input.amount) * 100) || 1),
    currency,
    mcc: input.mcc,
    country: input.country,
    channel: input.channel,
    merchant: { id: input.merchant.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "merchant", name: input.merchant },
  });
  return { answer };
}
