import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission, requireSession } from "~/access/guards.server";
import { CONFIRMATION_FIELD, FORM_KEY_FIELD, type ConfirmationRequired } from "~/auth/change-confirmation-fields";
import { confirmationRequired, formConfirmer } from "~/auth/change-confirmation.server";
import { cardPage, ownedCardCurrency } from "~/cards/cards.server";
import { FreezeSection, MerchantsSection, PendingSection } from "~/components/controls-card-forms";
import { TravelSection, TripsSection } from "~/components/controls-travel-forms";
import type { FieldState } from "~/components/controls-section";
import { AmountBlocksSection, CategoriesSection, ChannelsSection, LimitsSection } from "~/components/controls-spending-forms";
import { ErrorSummary } from "~/components/error-summary";
import { replyErrors, replyValue, type FormReply } from "~/forms/reply-form";
import { FrozenWarning } from "~/components/frozen-warning";
import { PageHeading } from "~/components/page-heading";
import { now } from "~/clock.server";
import { cancelPendingChange, changeCardSettings, ControlsError, setCardFrozen } from "~/controls/change-controls.server";
import { controlsFormSchema, crossFieldErrors, settingsEditFor } from "~/controls/control-forms";
import { actorFor } from "~/controls/request-actor.server";
import { addTrip, cancelTrip } from "~/controls/trips.server";

export const meta: MetaFunction = () => [{ title: "Card controls · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "update:controls:own");
  const page = await cardPage(user.id, args.params.cardId ?? "");
  if (!page) throw new Response("Not Found", { status: 404 });
  const { card, currency, settings, pending, trips } = page;
  return { card, currency, settings, pending, trips, today: now().toISOString().slice(0, 10) };
}

/** The CSRF token and a passkey confirmation are never echoed back into a form. */
const NOT_ECHOED = ["_csrf", CONFIRMATION_FIELD, FORM_KEY_FIELD];

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
  | { kind: "invalid"; intent: string; reply: FormReply }
  | { kind: "conflict"; message: string }
  | ConfirmationRequired;

const notFound = () => new Response("Not Found", { status: 404 });

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "update:controls:own");
  const session = await requireSession(args);
  const cardId = args.params.cardId ?? "";
  const currency = await ownedCardCurrency(user.id, cardId);
  if (!currency) throw notFound();
  const formData = await args.request.formData();
  const submission = parseWithZod(formData, { schema: controlsFormSchema(currency, now().toISOString().slice(0, 10)) });
  const intent = String(formData.get("intent") ?? "");
  if (submission.status !== "success") {
    if (!FIELD_FORMS.has(intent)) throw new Response("Bad Request", { status: 400 });
    return data<ActionResult>({ kind: "invalid", intent, reply: submission.reply({ hideFields: NOT_ECHOED }) }, { status: 422 });
  }
  const form = submission.value;
  const crossField = Object.entries(crossFieldErrors(form));
  if (crossField.length > 0) {
    const fieldErrors = Object.fromEntries(crossField.map(([field, message]) => [field, [message]]));
    return data<ActionResult>({ kind: "invalid", intent, reply: submission.reply({ fieldErrors, hideFields: NOT_ECHOED }) }, { status: 422 });
  }

  const actor = actorFor(user, args.context);
  // Every loosening, unfreeze and trip is confirmed with a passkey for exactly what was sent.
  const confirm = formConfirmer(session, args.context, formData);
  const done = (notice: Notice) => redirect(`/cards/${cardId}/controls?notice=${notice}`);
  try {
    switch (form.intent) {
      case "freeze":
        return done((await setCardFrozen(actor, cardId, true)) === "changed" ? "frozen" : "unchanged");
      case "unfreeze":
        return done((await setCardFrozen(actor, cardId, false, confirm)) === "changed" ? "unfrozen" : "unchanged");
      case "add-trip":
        await addTrip(actor, cardId, { countries: form.tripCountries, startDate: form.tripStart, endDate: form.tripEnd }, confirm);
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
        const outcome = await changeCardSettings({ actor, cardId, edit, confirm });
        const applied = outcome.applied.length > 0;
        const requested = outcome.pending.length > 0;
        return done(applied && requested ? "applied-and-requested" : requested ? "requested" : applied ? "applied" : "unchanged");
      }
    }
  } catch (error) {
    const ask = confirmationRequired(error);
    if (ask) return data<ActionResult>(ask, { status: 403 });
    if (error instanceof ControlsError) {
      if (error.code === "not_found") throw notFound();
      const message = error.message;
      return data<ActionResult>({ kind: "conflict", message }, { status: 409 });
    }
    throw error;
  }
}

/** The page is long; these match the sections' ids and headings, in page order. */
const SECTIONS = [
  ["freeze", "Freeze"],
  ["pending", "Waiting to take effect"],
  ["channels", "Payment types"],
  ["amount-blocks", "Amount blocks"],
  ["limits", "Spending limits"],
  ["categories", "Blocked kinds of spending"],
  ["travel", "Where your card works"],
  ["trips", "Trips"],
  ["merchants", "Blocked merchants"],
] as const;

export default function CardControls() {
  const { card, currency, settings, pending, trips, today } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const [params] = useSearchParams();
  const noticeKey = params.get("notice");
  const notice = noticeKey && Object.hasOwn(NOTICES, noticeKey) ? NOTICES[noticeKey as Notice] : null;
  const invalid = result && "kind" in result && result.kind === "invalid" ? result : null;
  const fields: FieldState = {
    error: (intent, field) => (invalid?.intent === intent ? invalid.reply.error?.[field]?.[0] : undefined),
    typed: (intent, field) => (invalid?.intent === intent ? replyValue(invalid.reply, field) : undefined),
  };

  return (
    <div>
      <PageHeading title={`Controls for ${card.name}`} back={{ to: `/cards/${card.id}`, label: `Back to ${card.name}` }}>
        Card ending {card.last4}. Anything that makes your card harder to use applies at once. Loosening a control waits 24 hours (48 hours for gambling) and asks
        you to confirm exactly that change with your passkey, so someone holding your unlocked phone can't undo your protections.
      </PageHeading>
      {card.status === "frozen" ? <FrozenWarning cardId={card.id} cardName={card.name} last4={card.last4} onControlsPage /> : null}
      {/* One notice at a time: a new answer from a form replaces the notice of the last redirect. */}
      {notice && !result ? (
        <p role="status" className="mb-4 rounded border border-brand-700 bg-brand-50 p-3">
          {notice}
        </p>
      ) : null}
      {invalid ? <ErrorSummary errors={replyErrors(invalid.reply)} /> : null}
      {result && "kind" in result && result.kind === "conflict" ? (
        <p role="alert" className="mb-4 rounded border-2 border-red-700 bg-red-50 p-3 text-red-800">
          {result.message}
        </p>
      ) : null}
      <nav aria-label="On this page" className="mb-6 rounded-lg border border-slate-300 bg-white p-4">
        <h2 className="font-semibold">On this page</h2>
        <ul className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-3">
          {SECTIONS.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <FreezeSection card={card} />
      <PendingSection pending={pending} />
      <ChannelsSection settings={settings} />
      <AmountBlocksSection settings={settings} currency={currency} fields={fields} />
      <LimitsSection settings={settings} currency={currency} fields={fields} />
      <CategoriesSection settings={settings} />
      <TravelSection settings={settings} fields={fields} />
      <TripsSection trips={trips} today={today} fields={fields} />
      <MerchantsSection card={card} settings={settings} />
    </div>
  );
}
