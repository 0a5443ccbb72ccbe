import { z } from "zod";
import { isCountryCode } from "~/geo/countries.server";
import { CHANNELS } from "./types";

// Card-network field 43 style names: letters, digits and a little punctuation. Anything
// else (quotes-and-semicolons, markup, control characters) is refused at the boundary.
const merchantName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N} &'.,\-*/#()+]+$/u, "Merchant name has characters a card network never sends");

export const paymentRequestSchema = z
  .object({
    card_token: z.string().regex(/^tok_[A-Za-z0-9_]{6,64}$/, "Unknown token format"),
    amount_minor: z.number().int().positive().max(1_000_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, "ISO 4217 code, e.g. GBP"),
    mcc: z.string().regex(/^\d{4}$/, "4-digit merchant category code"),
    country: z.string().refine(isCountryCode, "An assigned ISO 3166-1 alpha-2 code in capitals, e.g. GB"),
    channel: z.enum(CHANNELS),
    merchant: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), name: merchantName }).strict(),
  })
  .strict();

export type PaymentRequestBody = z.infer<typeof paymentRequestSchema>;
