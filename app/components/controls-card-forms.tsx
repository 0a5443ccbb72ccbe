import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import type { CardSettings } from "~/controls/card-settings";
import { formatDateTime } from "~/format/dates";
import { buttonClass, IntentForm, Section } from "./controls-section";
import { RemovableList } from "./removable-list";

/** The card's own switches: freeze, the changes waiting to take effect, and blocked merchants. */

type Settings = SerializeFrom<CardSettings>;
interface CardSummary {
  id: string;
  status: string;
}

export function FreezeSection({ card }: { card: CardSummary }) {
  return (
      <Section id="freeze" title={card.status === "frozen" ? "Your card is frozen" : "Freeze your card"}>
        {card.status === "frozen" ? (
          <>
            <p>Every payment is declined while the card is frozen. Unfreezing works at once after you confirm with your passkey.</p>
            <IntentForm intent="unfreeze" className="mt-3">
              <button type="submit" className={buttonClass}>
                Unfreeze card
              </button>
            </IntentForm>
          </>
        ) : card.status === "active" ? (
          <>
            <p>Lost your card, or something looks wrong? Freezing declines every payment at once. You can unfreeze it whenever you like.</p>
            <IntentForm intent="freeze" className="mt-3">
              <button type="submit" className="rounded bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800">
                Freeze card
              </button>
            </IntentForm>
          </>
        ) : (
          <p>This card is {card.status} and can't be used.</p>
        )}
      </Section>
  );
}

export function PendingSection({ pending }: { pending: { id: string; summary: string; effectiveAt: string }[] }) {
  return (
      <Section id="pending" title="Waiting to take effect">
        <RemovableList items={pending} intent="cancel-change" field="changeId" button={(change) => ["Cancel", `the waiting change: ${change.summary}`]} none="No changes are waiting.">
          {(change) => <p>{change.summary}<span className="block text-sm text-slate-700">Takes effect at {formatDateTime(change.effectiveAt)}</span></p>}
        </RemovableList>
      </Section>
  );
}

export function MerchantsSection({ card, settings }: { card: CardSummary; settings: Settings }) {
  return (
      <Section id="merchants" title="Blocked merchants">
        <p>
          To block a merchant, use “Block this merchant” next to one of its payments on the <Link to={`/cards/${card.id}`}>card page</Link>. Unblocking takes 24 hours.
        </p>
        <RemovableList items={settings.blockedMerchants} intent="unblock-merchant" field="merchantId" button={(merchant) => ["Unblock", merchant.name]} none="You haven't blocked any merchants." className="mt-3">
          {(merchant) => <p>{merchant.name}</p>}
        </RemovableList>
      </Section>
  );
}
