import { sendAuthorization } from "~/authorization/network-client.server";
import { networkClients } from "~/authorization/network-signature.server";
import { CHANNELS, type Channel } from "~/authorization/types";
import { countryFromInput } from "~/geo/countries.server";
import { isSupportedCurrency } from "~/money/currencies";
import { parseMajorAmount } from "~/money/money";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

const USAGE = `
npm run simulate -- [options]
  The card network, for development: signs one authorization with NETWORK_CLIENT_KEYS and sends
  it to a running server, then prints the answer.
  --card TOKEN        card token (default tok_alice_everyday)
  --amount AMOUNT     in major units, like 12.50 (default 12.50)
  --currency CODE     ISO 4217 (default GBP)
  --country COUNTRY   ISO 3166-1 alpha-2 code or English name, like ES or Spain (default GB)
  --mcc CODE          merchant category code (default 5812)
  --channel CHANNEL   ${CHANNELS.join(", ")} (default in_store)
  --merchant NAME     merchant name (default "Demo Cafe")
  --merchant-id ID    merchant id (default: from the name)
  --url URL           server (default STRONGROOM_URL or http://localhost:$PORT)
  --help              this text`;

const { values } = commandArgs(USAGE, {
  options: {
    card: { type: "string", default: "tok_alice_everyday" },
    amount: { type: "string", default: "12.50" },
    currency: { type: "string", default: "GBP" },
    country: { type: "string", default: "GB" },
    mcc: { type: "string", default: "5812" },
    channel: { type: "string", default: "in_store" },
    merchant: { type: "string", default: "Demo Cafe" },
    "merchant-id": { type: "string" },
    url: { type: "string", default: process.env.STRONGROOM_URL ?? `http://localhost:${process.env.PORT ?? 3000}` },
  },
});

loadCommandEnv();
const [client] = [...networkClients().entries()];
if (!client) {
  process.stderr.write("NETWORK_CLIENT_KEYS has no client (id:secret).\n");
  process.exit(2);
}
const currency = values.currency.toUpperCase();
const amountMinor = isSupportedCurrency(currency) ? parseMajorAmount(values.amount, currency) : Math.round(Number(values.amount) * 100);
if (amountMinor === null || !Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
  process.stderr.write(`Not an amount: ${values.amount}\n`);
  process.exit(2);
}
if (!CHANNELS.includes(values.channel as Channel)) {
  process.stderr.write(`--channel must be one of ${CHANNELS.join(", ")}\n`);
  process.exit(2);
}
// A name is looked up, never cut to two letters: "Spain" is ES, not "SP".
const country = countryFromInput(values.country);
if (!country.ok) {
  process.stderr.write(`--country must be an ISO 3166-1 alpha-2 code or an English country name, like ES or Spain${country.suggestion ? ` (did you mean ${country.suggestion}?)` : ""}: ${values.country}\n`);
  process.exit(2);
}
let answer: Awaited<ReturnType<typeof sendAuthorization>>;
try {
  answer = await sendAuthorization(
    values.url,
    { id: client[0], secret: client[1] },
    {
      card_token: values.card,
      amount_minor: amountMinor,
      currency,
      mcc: values.mcc,
      country: country.code,
      channel: values.channel as Channel,
      merchant: { id: values["merchant-id"] ?? values.merchant.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 64), name: values.merchant },
    },
  );
} catch (error) {
  process.stderr.write(`Could not reach ${values.url}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}. Is the server running (npm run dev)?\n`);
  process.exit(1);
}
process.stdout.write(`${answer.status} ${JSON.stringify(answer.body, null, 2)}\n`);
