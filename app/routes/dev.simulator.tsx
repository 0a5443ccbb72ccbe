import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { sendFromSimulator, simulatorCategories, type SimulatorOutcome } from "~/authorization/simulator.server";
import { CHANNELS } from "~/authorization/types";
import { simulatorCards } from "~/cards/cards.server";
import { AuthenticityField } from "~/components/authenticity-field";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page-heading";
import { TextField } from "~/components/text-field";
import { formProps, replyErrors, textFieldProps, useReplyForm } from "~/forms/reply-form";

export const meta: MetaFunction = () => [{ title: "Card network simulator (development) · Strongroom" }];

// Development only (policy): lists every card so a newcomer can try payments at once.
export async function loader() {
  return { cards: await simulatorCards(), mccs: simulatorCategories(), channels: CHANNELS };
}

export async function action({ request }: ActionFunctionArgs) {
  const outcome = await sendFromSimulator(await request.formData());
  return Response.json(outcome, { status: "reply" in outcome ? 400 : 200 });
}

export default function Simulator() {
  const { cards, mccs, channels } = useLoaderData<typeof loader>();
  const result = useActionData<SimulatorOutcome>();
  const reply = result && "reply" in result ? result.reply : undefined;
  const answer = result && "answer" in result ? result.answer : undefined;
  const [form, fields] = useReplyForm<{ card: string; amount: string; currency: string; country: string; merchant: string }>({
    id: "simulator",
    lastResult: reply,
    defaultValue: { amount: "12.50", currency: "GBP", country: "GB", merchant: "Demo Cafe" },
  });
  const errors = replyErrors(reply).map((error) => ({ ...error, field: `${form.id}-${error.field}` }));
  const body = answer?.body;
  return (
    <div className="max-w-2xl">
      <PageHeading title="Card network simulator">Development only: sends a signed authorization request to this server, as the card network would.</PageHeading>
      <ErrorSummary errors={errors} />
      {body ? (
        <div role="status" className={`mb-6 rounded border-2 p-4 ${body.decision === "approve" ? "border-brand-700 bg-brand-50" : "border-red-700 bg-red-50"}`}>
          <h2 className="text-lg font-semibold">{body.decision === "approve" ? "Approved" : "Declined"}</h2>
          <p>{String(body.message ?? body.detail ?? "")}</p>
          <p className="text-sm">Reason code: {String(body.reason_code ?? body.title ?? answer?.status)}</p>
        </div>
      ) : null}
      <Form method="post" {...formProps(form)} className="space-y-4">
        <AuthenticityField />
        <div className="space-y-1">
          <label htmlFor={fields.card.id} className="block font-semibold">Card</label>
          <select id={fields.card.id} name={fields.card.name} className="rounded border-2 border-slate-500 px-3 py-2">
            {cards.map((card) => (
              <option key={card.token} value={card.token}>
                {card.display_name} — {card.name} ending {card.last4}
              </option>
            ))}
          </select>
        </div>
        <TextField {...textFieldProps(fields.amount)} label="Amount" hint="In the payment currency, for example 12.50" inputMode="decimal" />
        <TextField {...textFieldProps(fields.currency)} label="Currency" hint="ISO 4217, for example GBP, EUR, USD" maxLength={3} />
        <TextField {...textFieldProps(fields.country)} label="Merchant country" hint="ISO 3166 two-letter code or English name, for example GB, ES or Spain" maxLength={60} />
        <div className="space-y-1">
          <label htmlFor="mcc" className="block font-semibold">Merchant category</label>
          <select id="mcc" name="mcc" className="rounded border-2 border-slate-500 px-3 py-2">
            {mccs.map((mcc) => <option key={mcc.code} value={mcc.code}>{mcc.label} ({mcc.code})</option>)}
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
        <TextField {...textFieldProps(fields.merchant)} label="Merchant name" maxLength={64} />
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          Send authorization
        </button>
      </Form>
    </div>
  );
}
