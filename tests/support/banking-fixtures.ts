import crypto from "node:crypto";
import { defaultCardSettings, type CardSettings } from "../../app/controls/card-settings";
import { db } from "../../app/db.server";
import { createUser } from "../../app/users/users.server";

/** A customer with one GBP current account and one card, for engine and API tests. */
export async function customerWithCard(options: { settings?: (s: CardSettings) => void; availableMinor?: number } = {}) {
  const userId = await createUser({ displayName: "Card Holder", email: `${crypto.randomUUID()}@example.com`, roles: ["customer"] });
  const accountId = crypto.randomUUID();
  const cardId = crypto.randomUUID();
  const token = `tok_test_${crypto.randomBytes(8).toString("hex")}`;
  const now = new Date().toISOString();
  const settings = defaultCardSettings("GB");
  options.settings?.(settings);
  await db()
    .insertInto("accounts")
    .values({ id: accountId, customer_id: userId, kind: "current", name: "Current", currency: "GBP", balance_minor: options.availableMinor ?? 1_000_000_00, available_minor: options.availableMinor ?? 1_000_000_00, credit_limit_minor: null, number_last4: "1234", created_at: now })
    .execute();
  await db()
    .insertInto("cards")
    .values({ id: cardId, account_id: accountId, customer_id: userId, token, last4: "4242", brand: "visa", name: "Test card", expiry_month: 12, expiry_year: 2030, status: "active", settings: JSON.stringify(settings), usual_amount_minor: 20_00, history_count: 20, known_countries: '["GB"]', has_used_online: 1, created_at: now })
    .execute();
  return { userId, accountId, cardId, token };
}
