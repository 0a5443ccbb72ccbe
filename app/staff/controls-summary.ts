import { CATEGORY_GROUP_LABELS, type CategoryGroup } from "~/authorization/merchant-categories";
import { CHANNELS } from "~/authorization/types";
import type { CardSettings } from "~/controls/card-settings";
import { CHANNEL_LABELS, countryLabel, LIMIT_LABELS, TRAVEL_MODE_LABELS } from "~/controls/control-labels";
import type { CurrencyCode } from "~/money/currencies";
import { formatMoney } from "~/money/money";

/** The controls in force on a card, one line each, as support reads them to the customer. */
export function describeControls(settings: CardSettings, currency: CurrencyCode): string[] {
  const money = (amountMinor: number | null) => (amountMinor === null ? "no limit" : formatMoney({ amountMinor, currency }));
  const lines: string[] = [];
  lines.push(`${LIMIT_LABELS.perPayment}: ${money(settings.limits.perPayment)}`);
  lines.push(`${LIMIT_LABELS.daily}: ${money(settings.limits.daily)}`);
  lines.push(`${LIMIT_LABELS.weekly}: ${money(settings.limits.weekly)}`);
  lines.push(`${LIMIT_LABELS.monthly}: ${money(settings.limits.monthly)}`);
  for (const channel of CHANNELS) {
    if (!settings.channels[channel]) lines.push(`${CHANNEL_LABELS[channel]}: turned off`);
    else {
      const daily = settings.limits.channelDaily[channel];
      const block = settings.amountBlocks[channel];
      if (daily !== null) lines.push(`${CHANNEL_LABELS[channel]}: ${money(daily)} each day`);
      if (block !== null) lines.push(`${CHANNEL_LABELS[channel]}: none over ${money(block)}`);
    }
  }
  const categories = settings.blockedCategories.map((group) => (Object.hasOwn(CATEGORY_GROUP_LABELS, group) ? CATEGORY_GROUP_LABELS[group as CategoryGroup] : group));
  if (categories.length > 0) lines.push(`Blocked categories: ${categories.join(", ")}`);
  if (settings.blockedMerchants.length > 0) lines.push(`Blocked merchants: ${settings.blockedMerchants.map((merchant) => merchant.name).join(", ")}`);
  lines.push(`Where the card works: ${TRAVEL_MODE_LABELS[settings.travel.mode]} (home: ${countryLabel(settings.travel.homeCountry)})`);
  if (settings.travel.mode === "home_and_allowed" && settings.travel.allowedCountries.length > 0) {
    lines.push(`Allowed countries: ${settings.travel.allowedCountries.map(countryLabel).join(", ")}`);
  }
  if (settings.travel.blockedCountries.length > 0) lines.push(`Blocked countries: ${settings.travel.blockedCountries.map(countryLabel).join(", ")}`);
  return lines;
}
