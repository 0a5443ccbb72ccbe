/** What a reveal may show and why; shared by the form and the server (client-safe). */

export const REVEAL_FIELDS = ["email", "phone"] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];

export const REVEAL_FIELD_LABELS: Readonly<Record<RevealField, string>> = {
  email: "email address",
  phone: "phone number",
};

/** The reasons staff pick from; the customer's timeline quotes the words. */
export const REVEAL_REASONS = {
  payment_query: "customer called about a payment",
  identity_check: "confirming the customer's identity on a call",
  contact_update: "customer asked to check their contact details",
  fraud_investigation: "investigating suspected fraud on the account",
  other: "other",
} as const;
export type RevealReason = keyof typeof REVEAL_REASONS;

/** How long a revealed value stays on screen. */
export const REVEAL_VISIBLE_MS = 60_000;
