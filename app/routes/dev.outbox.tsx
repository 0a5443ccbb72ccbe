import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { recentOutbox } from "~/auth/outbox.server";
import { PageHeading } from "~/components/page-heading";
import { formatDateTime } from "~/format/dates";

export const meta: MetaFunction = () => [{ title: "Outbox (development) · Strongroom" }];

// Development only (policy): stands in for the mail and SMS a real deployment would send.
export async function loader() {
  return { messages: await recentOutbox() };
}

export default function Outbox() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeading title="Outbox (development only)">Messages Strongroom would have sent, newest first. This page does not exist in production.</PageHeading>
      <ol className="space-y-3">
        {messages.map((message) => (
          <li key={message.id} className="rounded border border-slate-300 bg-white p-3">
            <p className="text-sm text-slate-700">
              To {message.display_name ?? "unknown"} · {formatDateTime(message.at)}
            </p>
            <h2 className="font-semibold">{message.subject}</h2>
            <p>{message.body}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
