import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { sendAuthorization } from "~/authorization/network-client.server";
import { networkClients } from "~/authorization/network-signature.server";
import { simulatorCards } from "~/cards/cards.server";
import { CHANNELS } from "~/authorization/types";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page-heading";
import { TextField } from "~/components/text-field";
import { getEnv } from "~/config/env.server";
import { countryFromInput } from "~/geo/countries.server";
import { isSupportedCurrency } from "~/money/currencies";
import { parseMajorAmount } from "~/money/money";

export const meta: MetaFunction = () => [{ title: "Card network simulator (development) · Strongroom" }];

const MCCS = [
  { code: "5812", label: "Restaurant" },
  { code: "5411", label: "Groceries" },
  { code: "5999", label: "Shop" },
  { code: "7995", label: "Gambling" },
  { code: "6051", label: "Crypto exchange" },
  { code: "6011", label: "ATM" },
  { code: "4511", label: "Airline" },
];

// Development only (policy): lists every card so a newcomer can try payments at once.
export async function loader() {
  return { cards: await simulatorCards(), mccs: MCCS, channels: CHANNELS };
}

// A function, not a module-level value: zod calls at import time would ship zod to the browser.
const schema = () =>
  z.object({
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

export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema().safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const errors = Object.entries(parsed.error.flatten().fieldErrors).map(([field, messages]) => ({ field, message: messages?.[0] ?? "Check this field" }));
    return Response.json({ errors }, { status: 400 });
  }
  const input = parsed.data;
  const currency = input.currency.toUpperCase();
  const amountMinor = isSupportedCurrency(currency) ? parseMajorAmount(input.amount, currency) : null;
  if (amountMinor === null && isSupportedCurrency(currency)) return Response.json({ errors: [{ field: "amount", message: "Enter an amount like 12.50" }] }, { status: 400 });
  const [client] = [...networkClients().entries()];
  if (!client) return Response.json({ errors: [{ field: "card", message: "NETWORK_CLIENT_KEYS has no client configured" }] }, { status: 400 });
  const answer = await sendAuthorization(getEnv().ORIGINS[0] as string, { id: client[0], secret: client[1] }, {
    card_token: input.card,
    amount_minor: amountMinor ?? Math.max(1, Math.round(Number(input.amount) * 100) || 1),
    currency,
    mcc: input.mcc,
    country: input.country,
    channel: input.channel,
    merchant: { id: input.merchant.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "merchant", name: input.merchant },
  });
  return Response.json({ answer });
}

type Result = { errors?: { field: string; message: string }[]; answer?: { status: number; body: Record<string, unknown> } };

export default function Simulator() {
  const { cards, mccs, channels } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const errorFor = (field: string) => result?.errors?.find((error) => error.field === field)?.message;
  const body = result?.answer?.body;
  return (
    <div className="max-w-2xl">
      <PageHeading title="Card network simulator">Development only: sends a signed authorization request to this server, as the card network would.</PageHeading>
      <ErrorSummary errors={result?.errors ?? []} />
      {body ? (
        <div role="status" className={`mb-6 rounded border-2 p-4 ${body.decision === "approve" ? "border-brand-700 bg-brand-50" : "border-red-700 bg-red-50"}`}>
          <h2 className="text-lg font-semibold">{body.decision === "approve" ? "Approved" : "Declined"}</h2>
          <p>{String(body.message ?? body.detail ?? "")}</p>
          <p className="text-sm">Reason code: {String(body.reason_code ?? body.title ?? result?.answer?.status)}</p>
        </div>
      ) : null}
      <Form method="post" className="space-y-4" noValidate>
        <AuthenticityField />
        <div className="space-y-1">
          <label htmlFor="card" className="block font-semibold">Card</label>
          <select id="card" name="card" className="rounded border-2 border-slate-500 px-3 py-2">
            {cards.map((card) => (
              <option key={card.token} value={card.token}>
                {card.display_name} — {card.name} ending {card.last4}
              </option>
            ))}
          </select>
        </div>
        <TextField id="amount" label="Amount" hint="In the payment currency, for example 12.50" inputMode="decimal" defaultValue="12.50" error={errorFor("amount")} />
        <TextField id="currency" label="Currency" hint="ISO 4217, for example GBP, EUR, USD" defaultValue="GBP" maxLength={3} error={errorFor("currency")} />
        <TextField id="country" label="Merchant country" hint="ISO 3166 two-letter code or English name, for example GB, ES or Spain" defaultValue="GB" maxLength={60} error={errorFor("country")} />
        <div className="space-y-1">
          <label htmlFor="mcc" className="block font-semibold">Merchant category</label>
          <select id="mcc" name="mcc" className="rounded border-2 border-slate-500 px-3 py-2">
            {mccs.map((mcc) => (
              <option key={mcc.code} value={mcc.code}>
                {mcc.label} ({mcc.code})
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend className="font-semibold">Channel</legend>
          {channels.map((channel, index) => (
            <label key={channel} className="mr-4 inline-flex items-center gap-2">
              <input type="radio" name="channel" value={channel} defaultChecked={index === 0} /> {channel.replace("_", "-")}
            </label>
          ))}
        </fieldset>
        <TextField id="merchant" label="Merchant name" defaultValue="Demo Cafe" maxLength={64} error={errorFor("merchant")} />
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          Send authorization
        </button>
      </Form>
    </div>
  );
}
