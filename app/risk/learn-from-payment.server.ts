import type { Db } from "~/db.server";
import { nextUsualAmountMinor } from "./usual-amount";

/** What risk scoring remembers about a card, as the payment shell read it under the card lock. */
export interface CardRiskProfile {
  id: string;
  usual_amount_minor: number | null;
  history_count: number;
  has_used_online: number;
}

/**
 * An approved payment teaches the risk profile: its country becomes known, an online payment
 * makes online usual, and the usual amount moves towards it. Declines teach nothing, so a
 * fraudster's refused attempts cannot make their next one look familiar.
 */
export async function learnFromApprovedPayment(
  trx: Db,
  card: CardRiskProfile,
  payment: { country: string; channel: string; amountMinor: number },
  knownCountries: readonly string[],
): Promise<void> {
  const countries = new Set(knownCountries);
  countries.add(payment.country);
  await trx
    .updateTable("cards")
    .set({
      known_countries: JSON.stringify([...countries].sort()),
      has_used_online: card.has_used_online === 1 || payment.channel === "online" ? 1 : 0,
      history_count: card.history_count + 1,
      usual_amount_minor: nextUsualAmountMinor(card.usual_amount_minor, card.history_count, payment.amountMinor),
    })
    .where("id", "=", card.id)
    .execute();
}
