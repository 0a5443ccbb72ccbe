import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { useRef, type ReactNode } from "react";
import { requirePermission, requireSession } from "~/access/guards.server";
import { requireRecentPasskey, stepUpValidUntil } from "~/auth/step-up.server";
import { BLOCKABLE_CATEGORY_GROUPS, CATEGORY_GROUP_LABELS } from "~/authorization/merchant-categories";
import { CHANNELS, TRAVEL_MODES } from "~/authorization/types";
import { cardPage, ownedCardCurrency } from "~/cards/cards.server";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary, type FieldError } from "~/components/error-summary";
import { PageHeading } from "~/components/page-heading";
import { TextField } from "~/components/text-field";
import { useStepUp } from "~/components/use-step-up";
import { now } from "~/clock.server";
import { cancelPendingChange, changeCardSettings, ControlsError, setCardFrozen } from "~/controls/change-controls.server";
import { controlsFormSchema, crossFieldErrors, settingsEditFor, type ControlsForm } from "~/controls/control-forms";
import { CHANNEL_LABELS, countryLabel, LIMIT_LABELS, TRAVEL_MODE_LABELS } from "~/controls/control-labels";
import { actorFor, stepUpRefusal } from "~/controls/request-actor.server";
import { addTrip, cancelTrip } from "~/controls/trips.server";
import { formatDateTime } from "~/format/dates";
import { minorUnitExponent } from "~/money/currencies";
import { minorToDecimalString } from "~/money/money";

export const meta: MetaFunction = () => [{ title: "Card controls · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "update:controls:own");
  const session = await requireSession(args);
  const page = await cardPage(user.id, args.params.cardId ?? "");
  if (!page) throw new Response("Not Found", { status: 404 });
  const { card, currency, settings, pending, trips } = page;
  return { card, currency, settings, pending, trips, stepUpValidUntil: stepUpValidUntil(session), csrfToken: session.csrfToken, today: now().toISOString().slice(0, 10) };
}

/** Words for the step-up dialog: "To <purpose>, confirm with your passkey." */
const PURPOSES: Record<ControlsForm["intent"], string> = {
  freeze: "freeze this card",
  unfreeze: "unfreeze this card",
  channels: "turn payment types back on",
  "amount-blocks": "raise or remove an amount block",
  limits: "raise or remove a limit",
  categories: "unblock a kind of spending",
  travel: "widen where your card works",
  "add-trip": "add a trip",
  "cancel-trip": "cancel a trip",
  "cancel-change": "cancel a waiting change",
  "unblock-merchant": "unblock a merchant",
};

/** Forms where the customer types or picks values; the rest carry only hidden ids. */
const FIELD_FORMS = new Set(["channels", "amount-blocks", "limits", "categories", "travel", "add-trip"]);

const NOTICES = {
  frozen: "Card frozen. Every payment will be declined until you unfreeze it.",
  unfrozen: "Card unfrozen. It works again now.",
  applied: "Saved. Your changes apply now.",
  requested: "Request saved. Loosening a control waits before it takes effect, to protect you if someone else has your phone. See “Waiting to take effect” for when.",
  "applied-and-requested": "Saved. The parts that tighten your controls apply now; the parts that loosen them wait. See “Waiting to take effect” for when.",
  unchanged: "Nothing to change: your controls already look like that, or the change is already waiting below.",
  "trip-added": "Trip added. Your card will work in those countries on those dates.",
  "trip-cancelled": "Trip cancelled.",
  "change-cancelled": "Waiting change cancelled. Your controls stay as they are.",
} as const;
type Notice = keyof typeof NOTICES;

type ActionResult =
  | { kind: "invalid"; intent: string; errors: FieldError[]; values: Record<string, unknown> }
  | { kind: "step-up"; intent: string; formKey: string; purpose: string; message: string }
  | { kind: "conflict"; message: string };

const notFound = () => new Response("Not Found", { status: 404 });

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "update:controls:own");
  const cardId = args.params.cardId ?? "";
  const currency = await ownedCardCurrency(user.id, cardId);
  if (!currency) throw notFound();
  const formData = await args.request.formData();
  const submission = parseWithZod(formData, { schema: controlsFormSchema(currency, now().toISOString().slice(0, 10)) });
  const intent = String(formData.get("intent") ?? "");
  if (submission.status !== "success") {
    if (!FIELD_FORMS.has(intent)) throw new Response("Bad Request", { status: 400 });
    const errors = Object.entries(submission.error ?? {}).flatMap(([field, messages]) => (messages?.[0] ? [{ field, message: messages[0] }] : []));
    return data<ActionResult>({ kind: "invalid", intent, errors, values: submission.payload }, { status: 422 });
  }
  const form = submission.value;
  const crossField = Object.entries(crossFieldErrors(form)).map(([field, message]) => ({ field, message }));
  if (crossField.length > 0) return data<ActionResult>({ kind: "invalid", intent, errors: crossField, values: submission.payload }, { status: 422 });

  const actor = actorFor(user, args.context);
  const presence = () => requireRecentPasskey(args, PURPOSES[form.intent]);
  const done = (notice: Notice) => redirect(`/cards/${cardId}/controls?notice=${notice}`);
  try {
    switch (form.intent) {
      case "freeze":
        return done((await setCardFrozen(actor, cardId, true)) === "changed" ? "frozen" : "unchanged");
      case "unfreeze":
        await presence();
        return done((await setCardFrozen(actor, cardId, false)) === "changed" ? "unfrozen" : "unchanged");
      case "add-trip":
        await presence();
        await addTrip(actor, cardId, { countries: form.tripCountries, startDate: form.tripStart, endDate: form.tripEnd });
        return done("trip-added");
      case "cancel-trip":
        await cancelTrip(actor, cardId, form.tripId);
        return done("trip-cancelled");
      case "cancel-change":
        await cancelPendingChange(actor, cardId, form.changeId);
        return done("change-cancelled");
      default: {
        const edit = settingsEditFor(form);
        if (!edit) throw new Response("Bad Request", { status: 400 });
        const outcome = await changeCardSettings({ actor, cardId, edit, confirmPresence: presence });
        const applied = outcome.applied.length > 0;
        const requested = outcome.pending.length > 0;
        return done(applied && requested ? "applied-and-requested" : requested ? "requested" : applied ? "applied" : "unchanged");
      }
    }
  } catch (error) {
    const refusal = await stepUpRefusal(error);
    if (refusal) {
      const formKey = form.intent === "unblock-merchant" ? `unblock-merchant:${form.merchantId}` : form.intent;
      return data<ActionResult>({ kind: "step-up", intent: form.intent, formKey, purpose: PURPOSES[form.intent], message: refusal.message }, { status: 403 });
    }
    if (error instanceof ControlsError) {
      if (error.code === "not_found") throw notFound();
      const message = error.code === "card_not_usable" ? "This card is cancelled or expired, so it can't be frozen or unfrozen." : "Your card changed while you were editing. Please check the page and try again.";
      return data<ActionResult>({ kind: "conflict", message }, { status: 409 });
    }
    throw error;
  }
}

const buttonClass = "rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800";
const sectionClass = "mb-8 rounded-lg border border-slate-300 bg-white p-4";

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className={sectionClass}>
      <h2 id={`${id}-title`} className="mb-3 text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default function CardControls() {
  const { card, currency, settings, pending, trips, stepUpValidUntil: validUntil, csrfToken, today } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const [params] = useSearchParams();
  const submit = useSubmit();
  const { guardSubmit, guardAction, dialog } = useStepUp(validUntil, csrfToken);
  const forms = useRef<Record<string, HTMLFormElement | null>>({});
  const keep = (key: string) => (element: HTMLFormElement | null) => {
    forms.current[key] = element;
  };

  const noticeKey = params.get("notice");
  const notice = noticeKey && Object.hasOwn(NOTICES, noticeKey) ? NOTICES[noticeKey as Notice] : null;
  const invalid = result?.kind === "invalid" ? result : null;
  const errorFor = (field: string) => invalid?.errors.find((error) => error.field === field)?.message;
  const typed = (intent: string, field: string): string | undefined => {
    const value = invalid?.intent === intent ? invalid.values[field] : undefined;
    return typeof value === "string" ? value : undefined;
  };
  const exponent = minorUnitExponent(currency);
  const amount = (minor: number | null) => (minor === null ? "" : minorToDecimalString(minor, exponent));
  const money = `${currency} amount, like 50 or 49.99; leave empty for no block`;

  return (
    <div>
      <p className="mb-2">
        <Link to={`/cards/${card.id}`}>Back to {card.name}</Link>
      </p>
      <PageHeading title={`Controls for ${card.name}`}>
        Card ending {card.last4}. Anything that makes your card harder to use applies at once. Loosening a control waits 24 hours (48 hours for gambling) and asks
        for your passkey, so someone holding your unlocked phone can't undo your protections.
      </PageHeading>
      {notice ? (
        <p role="status" className="mb-4 rounded border border-brand-700 bg-brand-50 p-3">
          {notice}
        </p>
      ) : null}
      {invalid ? <ErrorSummary errors={invalid.errors} /> : null}
      {result?.kind === "conflict" ? (
        <p role="alert" className="mb-4 rounded border-2 border-red-700 bg-red-50 p-3 text-red-800">
          {result.message}
        </p>
      ) : null}
      {result?.kind === "step-up" ? (
        <div role="alert" className="mb-6 rounded border-2 border-amber-700 bg-amber-50 p-4">
          <h2 className="text-lg font-semibold">Confirm it's you to save this change</h2>
          <p className="mt-1">This change loosens a control on your card, so we need a fresh confirmation with your passkey. Passkeys need JavaScript turned on.</p>
          <button
            type="button"
            className={`${buttonClass} mt-3`}
            onClick={() =>
              guardAction(result.purpose, () => {
                const form = forms.current[result.formKey];
                if (form) submit(form);
              })
            }
          >
            Confirm with passkey and save
          </button>
        </div>
      ) : null}

      <Section id="freeze" title={card.status === "frozen" ? "Your card is frozen" : "Freeze your card"}>
        {card.status === "frozen" ? (
          <>
            <p>Every payment is declined while the card is frozen. Unfreezing works at once after you confirm with your passkey.</p>
            <Form method="post" ref={keep("unfreeze")} onSubmit={guardSubmit(PURPOSES.unfreeze)} className="mt-3">
              <AuthenticityField />
              <input type="hidden" name="intent" value="unfreeze" />
              <button type="submit" className={buttonClass}>
                Unfreeze card
              </button>
            </Form>
          </>
        ) : card.status === "active" ? (
          <>
            <p>Lost your card, or something looks wrong? Freezing declines every payment at once. You can unfreeze it whenever you like.</p>
            <Form method="post" ref={keep("freeze")} className="mt-3">
              <AuthenticityField />
              <input type="hidden" name="intent" value="freeze" />
              <button type="submit" className="rounded bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800">
                Freeze card
              </button>
            </Form>
          </>
        ) : (
          <p>This card is {card.status} and can't be used.</p>
        )}
      </Section>

      <Section id="pending" title="Waiting to take effect">
        {pending.length === 0 ? <p>No changes are waiting.</p> : null}
        <ul className="space-y-3">
          {pending.map((change) => (
            <li key={change.id} className="flex flex-wrap items-center justify-between gap-3 rounded border border-slate-200 p-3">
              <p>
                {change.summary}
                <span className="block text-sm text-slate-700">Takes effect at {formatDateTime(change.effectiveAt)}</span>
              </p>
              <Form method="post" ref={keep(`cancel-change:${change.id}`)}>
                <AuthenticityField />
                <input type="hidden" name="intent" value="cancel-change" />
                <input type="hidden" name="changeId" value={change.id} />
                <button type="submit" className="rounded border border-slate-500 px-3 py-1.5">
                  Cancel<span className="sr-only"> the waiting change: {change.summary}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </Section>

      <Section id="channels" title="Payment types">
        <Form method="post" ref={keep("channels")}>
          <AuthenticityField />
          <input type="hidden" name="intent" value="channels" />
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
        </Form>
      </Section>

      <Section id="amount-blocks" title="Amount blocks">
        <Form method="post" ref={keep("amount-blocks")}>
          <AuthenticityField />
          <input type="hidden" name="intent" value="amount-blocks" />
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
                  defaultValue={typed("amount-blocks", `amount_${channel}`) ?? amount(settings.amountBlocks[channel])}
                  error={invalid?.intent === "amount-blocks" ? errorFor(`amount_${channel}`) : undefined}
                />
              ))}
            </div>
          </fieldset>
          <button type="submit" className={`${buttonClass} mt-4`}>
            Save amount blocks
          </button>
        </Form>
      </Section>

      <Section id="limits" title="Spending limits">
        <Form method="post" ref={keep("limits")}>
          <AuthenticityField />
          <input type="hidden" name="intent" value="limits" />
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
                  defaultValue={typed("limits", `limit_${key}`) ?? amount(settings.limits[key])}
                  error={invalid?.intent === "limits" ? errorFor(`limit_${key}`) : undefined}
                />
              ))}
              {CHANNELS.map((channel) => (
                <TextField
                  key={channel}
                  id={`limit_channel_${channel}`}
                  label={`${CHANNEL_LABELS[channel]}, each day`}
                  hint={`${currency} amount; leave empty for no limit`}
                  inputMode="decimal"
                  defaultValue={typed("limits", `limit_channel_${channel}`) ?? amount(settings.limits.channelDaily[channel])}
                  error={invalid?.intent === "limits" ? errorFor(`limit_channel_${channel}`) : undefined}
                />
              ))}
            </div>
          </fieldset>
          <button type="submit" className={`${buttonClass} mt-4`}>
            Save limits
          </button>
        </Form>
      </Section>

      <Section id="categories" title="Blocked kinds of spending">
        <Form method="post" ref={keep("categories")}>
          <AuthenticityField />
          <input type="hidden" name="intent" value="categories" />
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
        </Form>
      </Section>

      <Section id="travel" title="Where your card works">
        <Form method="post" ref={keep("travel")}>
          <AuthenticityField />
          <input type="hidden" name="intent" value="travel" />
          <div className="space-y-4">
            <TextField
              id="homeCountry"
              label="Home country"
              hint="Two-letter code, like GB. Changing it takes 24 hours."
              maxLength={2}
              autoComplete="off"
              defaultValue={typed("travel", "homeCountry") ?? settings.travel.homeCountry}
              error={invalid?.intent === "travel" ? errorFor("homeCountry") : undefined}
            />
            <fieldset aria-describedby="mode-hint">
              <legend className="font-semibold">Payments from abroad</legend>
              <p id="mode-hint" className="text-sm text-slate-700">
                Narrowing works at once; widening takes 24 hours. A trip always lets your card work where and when you said.
              </p>
              {invalid?.intent === "travel" && errorFor("mode") ? <p className="text-sm font-semibold text-red-700">{errorFor("mode")}</p> : null}
              <ul className="mt-2 space-y-2">
                {TRAVEL_MODES.map((mode, index) => (
                  <li key={mode} className="flex items-center gap-2">
                    <input id={index === 0 ? "mode" : `mode-${mode}`} name="mode" type="radio" value={mode} defaultChecked={(typed("travel", "mode") ?? settings.travel.mode) === mode} className="h-5 w-5" />
                    <label htmlFor={index === 0 ? "mode" : `mode-${mode}`}>{TRAVEL_MODE_LABELS[mode]}</label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <TextField
              id="allowedCountries"
              label="Countries you allow"
              hint="Used with “home country and the countries I allow”. Two-letter codes separated by commas, like FR, ES"
              autoComplete="off"
              defaultValue={typed("travel", "allowedCountries") ?? settings.travel.allowedCountries.join(", ")}
              error={invalid?.intent === "travel" ? errorFor("allowedCountries") : undefined}
            />
            <TextField
              id="blockedCountries"
              label="Countries to block"
              hint="Always declined, unless you add a trip there. Two-letter codes separated by commas"
              autoComplete="off"
              defaultValue={typed("travel", "blockedCountries") ?? settings.travel.blockedCountries.join(", ")}
              error={invalid?.intent === "travel" ? errorFor("blockedCountries") : undefined}
            />
          </div>
          <button type="submit" className={`${buttonClass} mt-4`}>
            Save travel settings
          </button>
        </Form>
      </Section>

      <Section id="trips" title="Trips">
        <p>Going abroad? Tell us where and when, and your card will work there on those dates, whatever your travel settings say. It needs your passkey.</p>
        {trips.length > 0 ? (
          <ul className="mt-3 space-y-3">
            {trips.map((trip) => {
              const where = trip.countries.map(countryLabel).join(", ");
              return (
                <li key={trip.id} className="flex flex-wrap items-center justify-between gap-3 rounded border border-slate-200 p-3">
                  <p>
                    {where}
                    <span className="block text-sm text-slate-700">
                      From {formatDateTime(trip.startsAt)} until {formatDateTime(trip.endsAt)}
                      {trip.active ? " — happening now" : ""}
                    </span>
                  </p>
                  <Form method="post" ref={keep(`cancel-trip:${trip.id}`)}>
                    <AuthenticityField />
                    <input type="hidden" name="intent" value="cancel-trip" />
                    <input type="hidden" name="tripId" value={trip.id} />
                    <button type="submit" className="rounded border border-slate-500 px-3 py-1.5">
                      Cancel trip<span className="sr-only"> to {where}</span>
                    </button>
                  </Form>
                </li>
              );
            })}
          </ul>
        ) : null}
        <Form method="post" ref={keep("add-trip")} onSubmit={guardSubmit(PURPOSES["add-trip"])} className="mt-4">
          <AuthenticityField />
          <input type="hidden" name="intent" value="add-trip" />
          <fieldset>
            <legend className="font-semibold">Add a trip</legend>
            <div className="mt-2 grid gap-4 md:grid-cols-3">
              <TextField id="tripCountries" label="Countries" hint="Two-letter codes, like ES, PT" autoComplete="off" defaultValue={typed("add-trip", "tripCountries") ?? ""} error={invalid?.intent === "add-trip" ? errorFor("tripCountries") : undefined} />
              <TextField id="tripStart" label="First day" hint="Like 2026-12-20" type="date" min={today} defaultValue={typed("add-trip", "tripStart") ?? ""} error={invalid?.intent === "add-trip" ? errorFor("tripStart") : undefined} />
              <TextField id="tripEnd" label="Last day" hint="Up to 90 days" type="date" min={today} defaultValue={typed("add-trip", "tripEnd") ?? ""} error={invalid?.intent === "add-trip" ? errorFor("tripEnd") : undefined} />
            </div>
          </fieldset>
          <button type="submit" className={`${buttonClass} mt-4`}>
            Add trip
          </button>
        </Form>
      </Section>

      <Section id="merchants" title="Blocked merchants">
        <p>
          To block a merchant, use “Block this merchant” next to one of its payments on the <Link to={`/cards/${card.id}`}>card page</Link>. Unblocking takes 24 hours.
        </p>
        {settings.blockedMerchants.length === 0 ? <p className="mt-2">You haven't blocked any merchants.</p> : null}
        <ul className="mt-3 space-y-3">
          {settings.blockedMerchants.map((merchant) => (
            <li key={merchant.id} className="flex flex-wrap items-center justify-between gap-3 rounded border border-slate-200 p-3">
              <p>{merchant.name}</p>
              <Form method="post" ref={keep(`unblock-merchant:${merchant.id}`)} onSubmit={guardSubmit(PURPOSES["unblock-merchant"])}>
                <AuthenticityField />
                <input type="hidden" name="intent" value="unblock-merchant" />
                <input type="hidden" name="merchantId" value={merchant.id} />
                <button type="submit" className="rounded border border-slate-500 px-3 py-1.5">
                  Unblock<span className="sr-only"> {merchant.name}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </Section>
      {dialog}
    </div>
  );
}
