import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";

/**
 * The parts of a change confirmation that both the server (./change-confirmation.server.ts)
 * and the browser (app/components/change-confirmation.tsx) need; nothing here runs code.
 */

/** The form field that carries the passkey assertion, as JSON, when a form is sent again. */
export const CONFIRMATION_FIELD = "_confirmation";

/** A form's own key, so a refusal can be shown beside the form that asked (also without JavaScript). */
export const FORM_KEY_FIELD = "_form";

/** What the page needs to ask for a confirmation: the words to show and the passkey request. */
export interface ConfirmationPrompt {
  kind: string;
  /** the change in the words the dialog shows, e.g. "Raise the daily limit on … from £1,000.00 to £4,000.00" */
  words: string;
  options: PublicKeyCredentialRequestOptionsJSON;
  /** why an earlier attempt was refused, in words; null when this is the first request */
  problem: string | null;
  /** the FORM_KEY_FIELD of the form that asked, when it sent one */
  form: string | null;
}

/** The action data (and the problem-JSON body) of a refusal that asks for a confirmation. */
export interface ConfirmationRequired {
  code: "confirmation_required";
  confirmation: ConfirmationPrompt;
}

export function isConfirmationRequired(value: unknown): value is ConfirmationRequired {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { code?: unknown; confirmation?: { words?: unknown; options?: unknown } };
  return candidate.code === "confirmation_required" && typeof candidate.confirmation?.words === "string" && typeof candidate.confirmation.options === "object";
}
