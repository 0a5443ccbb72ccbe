import type { SerializeFrom } from "@remix-run/node";
import { BLOCKABLE_CATEGORY_GROUPS, CATEGORY_GROUP_LABELS } from "~/authorization/merchant-categories";
import { CHANNELS } from "~/authorization/types";
import type { CardSettings } from "~/controls/card-settings";
import { CHANNEL_LABELS, LIMIT_LABELS } from "~/controls/control-labels";
import type { CurrencyCode } from "~/money/currencies";
import { minorUnitExponent } from "~/money/currencies";
import { minorToDecimalString } from "~/money/money";
import { buttonClass, IntentForm, Section, type FieldState } from "./controls-section";
import { TextField } from "./text-field";

/** What a card may spend on: payment types, amount blocks, limits and blocked kinds of spending. */

type Settings = SerializeFrom<CardSettings>;

function amountText(currency: CurrencyCode) {
  const exponent = minorUnitExponent(currency);
  return (minor: number | null) => (minor === null ? "" : minorToDecimalString(minor, exponent));
}

export function ChannelsSection({ settings }: { settings: Settings }) {
  return (
      <Section id="channels" title="Payment types">
        <IntentForm intent="channels">
          <fieldset>
            <legend className="font-semibold">Payment types this card can make</legend>
            <p className="text-sm text-slate-700">Turning a type off works at once. Turning it back on takes 24 hours.</p>
            <ul className="mt-2 space-y-2">
              {CHANNELS.map((channel) => (
                <li key={channel} className="flex items-center gap-2">
                  <input id={`channel_${channel}`} name={`channel_${channel}`} type="checkbox" defaultChecked={settings.channels[channel]} className="h-5 w-5" />
                  <label htmlFor={`channel_${channel}`}>{CHANNEL_LABELS[channel]}</label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit" className={`${buttonClass} mt-4`}>
            Save payment types
          </button>
        </IntentForm>
      </Section>
  );
}

export function AmountBlocksSection({ settings, currency, fields }: { settings: Settings; currency: CurrencyCode; fields: FieldState }) {
  const amount = amountText(currency);
  const money = `${currency} amount, like 50 or 49.99; leave empty for no block`;
  return (
      <Section id="amount-blocks" title="Amount blocks">
        <IntentForm intent="amount-blocks">
          <fieldset>
            <legend className="font-semibold">Decline any single payment over</legend>
            <p className="text-sm text-slate-700">Lowering or adding a block works at once; raising or removing one takes 24 hours.</p>
            <div className="mt-2 grid gap-4 md:grid-cols-2">
              {CHANNELS.map((channel) => (
                <TextField
                  key={channel}
                  id={`amount_${channel}`}
                  label={CHANNEL_LABELS[channel]}
                  hint={money}
                  inputMode="decimal"
                  defaultValue={fields.typed("amount-blocks", `amount_${channel}`) ?? amount(settings.amountBlocks[channel])}
                  error={fields.error("amount-blocks", `amount_${channel}`)}
                />
              ))}
            </div>
          </fieldset>
          <button type="submit" className={`${buttonClass} mt-4`}>
            Save amount blocks
          </button>
        </IntentForm>
      </Section>
  );
}

export function LimitsSection({ settings, currency, fields }: { settings: Settings; currency: CurrencyCode; fields: FieldState }) {
  const amount = amountText(currency);
  return (
      <Section id="limits" title="Spending limits">
        <IntentForm intent="limits">
          <fieldset>
            <legend className="font-semibold">Most this card can spend</legend>
            <p className="text-sm text-slate-700">Lowering a limit works at once; raising or removing one takes 24 hours. Days, weeks and months run in UTC.</p>
            <div className="mt-2 grid gap-4 md:grid-cols-2">
              {(["perPayment", "daily", "weekly", "monthly"] as const).map((key) => (
                <TextField
                  key={key}
                  id={`limit_${key}`}
                  label={LIMIT_LABELS[key]}
                  hint={`${currency} amount; leave empty for no limit`}
                  inputMode="decimal"
                  defaultValue={fields.typed("limits", `limit_${key}`) ?? amount(settings.limits[key])}
                  error={fields.error("limits", `limit_${key}`)}
                />
              ))}
              {CHANNELS.map((channel) => (
                <TextField
                  key={channel}
                  id={`limit_channel_${channel}`}
                  label={`${CHANNEL_LABELS[channel]}, each day`}
                  hint={`${currency} amount; leave empty for no limit`}
                  inputMode="decimal"
                  defaultValue={fields.typed("limits", `limit_channel_${channel}`) ?? amount(settings.limits.channelDaily[channel])}
                  error={fields.error("limits", `limit_channel_${channel}`)}
                />
              ))}
            </div>
          </fieldset>
          <button type="submit" className={`${buttonClass} mt-4`}>
            Save limits
          </button>
        </IntentForm>
      </Section>
  );
}

export function CategoriesSection({ settings }: { settings: Settings }) {
  return (
      <Section id="categories" title="Blocked kinds of spending">
        <IntentForm intent="categories">
          <fieldset>
            <legend className="font-semibold">Block payments for</legend>
            <p className="text-sm text-slate-700">Blocking works at once. Lifting the gambling block takes 48 hours; lifting any other takes 24 hours.</p>
            <ul className="mt-2 space-y-2">
              {BLOCKABLE_CATEGORY_GROUPS.map((group) => (
                <li key={group} className="flex items-center gap-2">
                  <input id={`category-${group}`} name="category" value={group} type="checkbox" defaultChecked={settings.blockedCategories.includes(group)} className="h-5 w-5" />
                  <label htmlFor={`category-${group}`}>{CATEGORY_GROUP_LABELS[group]}</label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit" className={`${buttonClass} mt-4`}>
            Save blocked spending
          </button>
        </IntentForm>
      </Section>
  );
}
