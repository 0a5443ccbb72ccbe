import type { Change } from "~/auth/change-confirmation.server";
import type { Channel, TravelMode } from "~/authorization/types";
import type { CurrencyCode } from "~/money/currencies";
import { formatMoney } from "~/money/money";
import { valueAt, type CardSettings, type SettingsOp } from "./card-settings";
import { cardLabel, categoryName, channelNoun, countryLabel, describeChange } from "./control-labels";

/** What a customer confirms with a passkey before a card is loosened, in words and in facts. */
const MODE_WORDS: Readonly<Record<TravelMode, string>> = {
  anywhere: "anywhere in the world",
  home_only: "only in your home country",
  home_and_allowed: "in your home country and the countries you allow",
};

function limitName(key: string, sub: string | undefined): string {
  if (key === "channelDaily") return `the daily limit for ${channelNoun(sub as Channel)}`;
  return key === "perPayment" ? "the limit for any single payment" : `the ${key} limit`;
}

/** One loosening, naming the card when `card` is given: "raise the daily limit on … from £1,000.00 to £4,000.00". */
function looseningPhrase(op: SettingsOp, before: CardSettings, currency: CurrencyCode, card: string | null): string {
  const money = (value: unknown) => formatMoney({ amountMinor: value as number, currency });
  const on = card ? ` on ${card}` : "";
  if (op.op === "set") {
    const [group, key, sub] = op.path.split(".") as [string, string, string | undefined];
    const was = valueAt(before, op.path);
    if (group === "limits" || group === "amountBlocks") {
      const what = group === "limits" ? limitName(key, sub) : `the amount block for ${channelNoun(key as Channel)}`;
      return op.value === null ? `remove ${what}${on} (now ${money(was)})` : `raise ${what}${on} from ${money(was)} to ${money(op.value)}`;
    }
    if (group === "channels") return `turn ${channelNoun(key as Channel)} back on${card ? ` for ${card}` : ""}`;
    if (op.path === "travel.mode") return `let ${card ?? "the card"} pay ${MODE_WORDS[op.value as TravelMode]} (now ${MODE_WORDS[was as TravelMode]})`;
    if (op.path === "travel.homeCountry") return `change the home country${card ? ` of ${card}` : ""} from ${countryLabel(String(was))} to ${countryLabel(String(op.value))}`;
  }
  if (op.op === "remove" && op.path === "blockedCategories") return `unblock ${categoryName(String(op.value))}${on}`;
  if (op.op === "remove" && op.path === "blockedMerchants") {
    const name = before.blockedMerchants.find((merchant) => merchant.id === op.value)?.name ?? String(op.value);
    return `unblock payments to ${name}${on}`;
  }
  if (op.op === "remove" && op.path === "travel.blockedCountries") return `unblock payments in ${countryLabel(String(op.value))}${on}`;
  if (op.op === "add" && op.path === "travel.allowedCountries") return `allow payments in ${countryLabel(String(op.value))}${on}`;
  const words = describeChange(op, currency, before);
  return `${words.charAt(0).toLowerCase()}${words.slice(1)}${on}`;
}

/**
 * The sentence a customer confirms before loosening a card: what each value is now and what it
 * will be. "Raise the daily limit on Everyday debit ••6160 from £1,000.00 to £4,000.00", or for
 * several at once "Change Everyday debit ••6160: raise …; turn online payments back on".
 */
export function describeLoosening(ops: readonly SettingsOp[], before: CardSettings, currency: CurrencyCode, card: string): string {
  if (ops.length === 1) {
    const phrase = looseningPhrase(ops[0] as SettingsOp, before, currency, card);
    return `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}`;
  }
  return `Change ${card}: ${ops.map((op) => looseningPhrase(op, before, currency, null)).join("; ")}`;
}

/**
 * The change a customer confirms for loosening ops that wait: the card, the currency, and for
 * each op its path, the value now (`from`) and the value asked for.
 */
export function looseningChange(card: { id: string; name: string; last4: string }, currency: CurrencyCode, before: CardSettings, ops: readonly SettingsOp[]): Change {
  return {
    kind: "controls.loosen",
    words: describeLoosening(ops, before, currency, cardLabel(card)),
    facts: {
      card: card.id,
      currency,
      ops: ops.map((op) => ({ op: op.op, path: op.path, value: op.value, from: op.op === "set" ? valueAt(before, op.path) : null })),
    },
  };
}
