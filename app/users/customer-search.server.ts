import { blindIndex, decryptField } from "~/crypto/field-encryption.server";
import { db } from "~/db.server";
import { formatCustomerNumber, maskCard, maskEmail, maskPhone } from "./masking";
import { foldName, normaliseCustomerNumber, normalisePhone, phoneMaskParts } from "./search-keys.server";
import { EMAIL_PURPOSE, PHONE_PURPOSE } from "./users.server";

export const SEARCH_KINDS = ["name", "email", "phone", "card", "number"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const MAX_RESULTS = 20;

export interface CustomerMatch {
  id: string;
  displayName: string;
  customerNumber: string;
  email: string;
  phone: string | null;
  /** masked card numbers that matched a card search */
  cards: string[];
}

/** Turns what staff typed into the stored key for that kind, or null when it cannot be one. */
export function searchKey(kind: SearchKind, query: string): string | null {
  switch (kind) {
    case "name": {
      // % and _ are LIKE wildcards; no name needs them.
      const folded = foldName(query).replace(/[%_\\]/g, "");
      return folded.length >= 2 ? folded : null;
    }
    case "email":
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(query.trim()) ? blindIndex(query, EMAIL_PURPOSE) : null;
    case "phone": {
      const e164 = normalisePhone(query);
      return e164 ? blindIndex(e164, PHONE_PURPOSE) : null;
    }
    case "card":
      return /^\d{4}$/.test(query.trim()) ? query.trim() : null;
    case "number":
      return normaliseCustomerNumber(query);
  }
}

/**
 * Customers (never staff) whose key matches, with their details masked. Email and phone are
 * found through their blind index and name through its folded column: nothing is decrypted
 * to search, only to mask the at most MAX_RESULTS rows that matched.
 */
export async function searchCustomers(kind: SearchKind, key: string): Promise<CustomerMatch[]> {
  let query = db()
    .selectFrom("users")
    .select(["users.id", "users.display_name", "users.customer_number", "users.email_enc", "users.phone_enc"])
    .where((eb) => eb.exists(eb.selectFrom("user_roles").select("user_roles.user_id").whereRef("user_roles.user_id", "=", "users.id").where("user_roles.role", "=", "customer")))
    .orderBy("users.name_search")
    .orderBy("users.id")
    .limit(MAX_RESULTS);
  if (kind === "name") query = query.where((eb) => eb.or([eb("users.name_search", "like", `${key}%`), eb("users.name_search", "like", `% ${key}%`)]));
  if (kind === "email") query = query.where("users.email_bidx", "=", key);
  if (kind === "phone") query = query.where("users.phone_bidx", "=", key);
  if (kind === "number") query = query.where("users.customer_number", "=", key);
  if (kind === "card") query = query.where((eb) => eb.exists(eb.selectFrom("cards").select("cards.id").whereRef("cards.customer_id", "=", "users.id").where("cards.last4", "=", key)));
  const rows = await query.execute();
  return rows.map((row) => {
    const phone = row.phone_enc ? decryptField(row.phone_enc, PHONE_PURPOSE) : null;
    return {
      id: row.id,
      displayName: row.display_name,
      customerNumber: formatCustomerNumber(row.customer_number),
      email: maskEmail(decryptField(row.email_enc, EMAIL_PURPOSE)),
      phone: phone ? maskPhone(phoneMaskParts(phone)) : null,
      cards: kind === "card" ? [maskCard(key)] : [],
    };
  });
}
