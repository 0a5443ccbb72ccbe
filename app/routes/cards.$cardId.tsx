import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission, requireSession } from "~/access/guards.server";
import { respondWith } from "~/access/page-outcome.server";
import { CATEGORY_GROUP_LABELS } from "~/authorization/merchant-categories";
import { CHANNELS } from "~/authorization/types";
import { actOnCardPayment } from "~/cards/card-page-actions.server";
import { cardPage } from "~/cards/cards.server";
import { CardLimits } from "~/components/card-limits";
import { CardPayments } from "~/components/card-payments";
import { Section } from "~/components/controls-section";
import { FrozenWarning } from "~/components/frozen-warning";
import { moneyText } from "~/components/money-text";
import { PageHeading } from "~/components/page-heading";
import { CHANNEL_LABELS, countryLabel, TRAVEL_MODE_LABELS } from "~/controls/control-labels";
import { formatDateTime, formatDayRange } from "~/format/dates";
import { casesForCard } from "~/risk/customer-cases.server";

export const meta: MetaFunction = () => [{ title: "Card · Strongroom" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "read:card:own");
  const page = await cardPage(user.id, args.params.cardId ?? "");
  if (!page) throw new Response("Not Found", { status: 404 });
  return { ...page, cases: await casesForCard(user.id, page.card.id) };
}

const NOTICES = {
  confirmed: "Thanks. We'll let payments like this one through for the next 24 hours, so you can try it again now.",
  denied: "We've frozen this card and our fraud team will look at the payment. You don't need to do anything else; we'll contact you by email or phone.",
  "merchant-blocked": "Blocked. Payments to that merchant on this card will now be declined.",
} as const;

export async function action(args: ActionFunctionArgs) {
  await requirePermission(args, "update:controls:own");
  const session = await requireSession(args);
  return respondWith(await actOnCardPayment(session, args.context, args.params.cardId ?? "", await args.request.formData()));
}

const STATUS_TEXT = {
  active: "Active — payments can be made",
  frozen: "Frozen — every payment is declined until you unfreeze it",
  cancelled: "Cancelled",
  expired: "Expired",
} as const;

export default function CardPage() {
  const { card, currency, settings, limits, authorizations, pending, trips, cases } = useLoaderData<typeof loader>();
  const result = useActionData<{ message?: string }>();
  const [params] = useSearchParams();
  const noticeKey = params.get("notice");
  const notice = noticeKey && Object.hasOwn(NOTICES, noticeKey) ? NOTICES[noticeKey as keyof typeof NOTICES] : null;
  const money = (minor: number) => moneyText(minor, currency);
  const channelsOff = CHANNELS.filter((channel) => !settings.channels[channel]);
  const amountBlocks = CHANNELS.filter((channel) => settings.amountBlocks[channel] !== null);
  return (
    <div>
      <PageHeading title={card.name} back={{ to: "/accounts", label: "Back to your accounts" }}>
        {card.brand === "visa" ? "Visa" : "Mastercard"} ending {card.last4}, expires {String(card.expiryMonth).padStart(2, "0")}/{card.expiryYear}. Pays from{" "}
        <Link to={`/accounts/${card.accountId}`}>{card.accountName}</Link>.
      </PageHeading>
      {card.status === "frozen" ? <FrozenWarning cardId={card.id} cardName={card.name} last4={card.last4} /> : null}
      {notice && !result?.message ? (
        <p role="status" className="mb-4 rounded border border-brand-700 bg-brand-50 p-3">
          {notice}
        </p>
      ) : null}
      {result?.message ? (
        <p role="alert" className="mb-4 rounded border-2 border-red-700 bg-red-50 p-3 text-red-800">
          {result.message}
        </p>
      ) : null}

      <Section id="status" title="Status">
        <p>
          <strong>{STATUS_TEXT[card.status]}</strong>
        </p>
        <p className="mt-3">
          <Link to={`/cards/${card.id}/controls`} className="font-semibold">
            Freeze, limits, blocks and travel settings
          </Link>
        </p>
      </Section>

      {cases.length > 0 ? (
        <Section id="cases" title="Fraud cases on this card">
          <ul className="space-y-2">
            {cases.map((item) => (
              <li key={item.id}>
                <span className="font-semibold">{item.merchantName ?? "A payment"}</span>, {formatDateTime(item.openedAt)}: {item.words}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <CardLimits limits={limits} currency={currency} />

      <Section id="settings" title="Controls in force">
        <dl className="grid gap-x-6 gap-y-2 md:grid-cols-[max-content_1fr]">
          <dt className="font-semibold">Where it works</dt>
          <dd>
            {TRAVEL_MODE_LABELS[settings.travel.mode]} (home: {countryLabel(settings.travel.homeCountry)})
            {settings.travel.mode === "home_and_allowed" && settings.travel.allowedCountries.length > 0 ? `; allowed: ${settings.travel.allowedCountries.map(countryLabel).join(", ")}` : ""}
          </dd>
          <dt className="font-semibold">Blocked countries</dt>
          <dd>{settings.travel.blockedCountries.length > 0 ? settings.travel.blockedCountries.map(countryLabel).join(", ") : "None"}</dd>
          <dt className="font-semibold">Turned off</dt>
          <dd>{channelsOff.length > 0 ? channelsOff.map((channel) => CHANNEL_LABELS[channel]).join(", ") : "Nothing — every kind of payment is on"}</dd>
          <dt className="font-semibold">Amount blocks</dt>
          <dd>{amountBlocks.length > 0 ? amountBlocks.map((channel) => `${CHANNEL_LABELS[channel]} over ${money(settings.amountBlocks[channel] ?? 0)}`).join("; ") : "None"}</dd>
          <dt className="font-semibold">Blocked categories</dt>
          <dd>{settings.blockedCategories.length > 0 ? settings.blockedCategories.map((group) => CATEGORY_GROUP_LABELS[group as keyof typeof CATEGORY_GROUP_LABELS] ?? group).join(", ") : "None"}</dd>
          <dt className="font-semibold">Blocked merchants</dt>
          <dd>{settings.blockedMerchants.length > 0 ? settings.blockedMerchants.map((merchant) => merchant.name).join(", ") : "None"}</dd>
          <dt className="font-semibold">Trips</dt>
          <dd>
            {trips.length > 0
              ? trips.map((trip) => `${trip.countries.map(countryLabel).join(", ")} ${formatDayRange(trip.firstDay, trip.lastDay)}${trip.active ? " (now)" : ""}`).join("; ")
              : "None planned"}
          </dd>
        </dl>
      </Section>

      {pending.length > 0 ? (
        <Section id="pending" title="Waiting to take effect" attention>
          <ul className="list-disc space-y-1 pl-5">
            {pending.map((change) => (
              <li key={change.id}>
                {change.summary} — takes effect at {formatDateTime(change.effectiveAt)}
              </li>
            ))}
          </ul>
          <p className="mt-2">
            <Link to={`/cards/${card.id}/controls#pending`}>Cancel a waiting change</Link>
          </p>
        </Section>
      ) : null}

      <CardPayments authorizations={authorizations} currency={currency} />
    </div>
  );
}
