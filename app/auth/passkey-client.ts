import { startAuthentication, startRegistration, WebAuthnError, type AuthenticationResponseJSON } from "@simplewebauthn/browser";
import { isConfirmationRequired, type ConfirmationPrompt } from "./change-confirmation-fields";
import { signalUnknownCredential } from "./passkey-signals";

/** Browser side of the passkey ceremonies; every call carries the page's CSRF token. */

/** `no-passkey`: the person used no passkey at sign-in (none here, or they closed the prompt): the page points to the other ways in. */
export class PasskeyFlowError extends Error {
  constructor(
    message: string,
    readonly kind: "no-passkey" | "other" = "other",
  ) {
    super(message);
  }
}

type Confirm = (prompt: ConfirmationPrompt) => Promise<AuthenticationResponseJSON | null>;

async function send(url: string, body: Record<string, unknown>, csrfToken: string): Promise<{ response: Response; data: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  return { response, data: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

function failure(data: Record<string, unknown>): PasskeyFlowError {
  const text = [data.message, data.detail, data.title].find((value) => typeof value === "string") as string | undefined;
  return new PasskeyFlowError(text ?? "Something went wrong. Please try again.");
}

async function postJson<T>(url: string, body: Record<string, unknown>, csrfToken: string): Promise<T> {
  const { response, data } = await send(url, body, csrfToken);
  if (!response.ok) throw failure(data);
  return data as T;
}

/** Like postJson, but when the server wants this exact change confirmed first, asks and sends it again; null if cancelled. */
async function postJsonConfirming<T>(url: string, body: Record<string, unknown>, csrfToken: string, confirm: Confirm): Promise<T | null> {
  const { response, data } = await send(url, body, csrfToken);
  if (response.status === 403 && isConfirmationRequired(data)) {
    const assertion = await confirm(data.confirmation);
    return assertion ? postJsonConfirming<T>(url, { ...body, confirmation: assertion }, csrfToken, confirm) : null;
  }
  if (!response.ok) throw failure(data);
  return data as T;
}

const NO_PASSKEY_USED =
  "No passkey was used. If this device has no Strongroom passkey, sign in with your phone (choose “Use a phone or tablet” when your browser asks) or set one up with your enrolment code.";

function explain(error: unknown, ceremony: "sign-in" | "register"): never {
  if (error instanceof PasskeyFlowError) throw error;
  const name = error instanceof Error ? error.name : "";
  const code = error instanceof WebAuthnError ? error.code : "";
  // The authenticator already holds one of this person's passkeys (excludeCredentials matched).
  if (ceremony === "register" && (name === "InvalidStateError" || code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED")) {
    throw new PasskeyFlowError("This device already has a Strongroom passkey. You can sign in with it; to add another, use a different device or passkey provider.");
  }
  if (error instanceof WebAuthnError || name === "NotAllowedError") {
    if (ceremony === "sign-in") throw new PasskeyFlowError(NO_PASSKEY_USED, "no-passkey");
    throw new PasskeyFlowError("The passkey request was cancelled or timed out. Please try again.");
  }
  throw new PasskeyFlowError("Your browser couldn't use a passkey here. Please try again.");
}

export async function signInWithPasskey(csrfToken: string, returnTo: string, autofill?: { stillWanted: () => boolean }): Promise<string> {
  const { options } = await postJson<{ options: Parameters<typeof startAuthentication>[0]["optionsJSON"] }>("/webauthn/authenticate", { intent: "options" }, csrfToken);
  // The button took over while these options were on their way: starting now would abort its ceremony.
  if (autofill && !autofill.stillWanted()) throw new Error("The autofill request was superseded.");
  let response;
  try {
    response = await startAuthentication({ optionsJSON: options, useBrowserAutofill: autofill !== undefined });
  } catch (error) {
    explain(error, "sign-in");
  }
  const { response: answer, data } = await send("/webauthn/authenticate", { intent: "verify", response, returnTo }, csrfToken);
  if (!answer.ok) {
    if (data.unknownCredential === true && options.rpId) await signalUnknownCredential(options.rpId, response.id);
    throw failure(data);
  }
  return (data as { redirectTo: string }).redirectTo;
}

/**
 * Creates a passkey: for enrolment with a code, or on a signed-in account, where the server
 * first asks for a confirmation with an existing passkey (`confirm`). Null when the person
 * cancelled that confirmation.
 */
export async function registerPasskey(csrfToken: string, options: { enrolment?: { email: string; code: string }; confirm?: Confirm } = {}): Promise<string | null> {
  type Options = { options: Parameters<typeof startRegistration>[0]["optionsJSON"] };
  const body = { intent: "options", ...(options.enrolment ?? {}) };
  const first = options.confirm ? await postJsonConfirming<Options>("/webauthn/register", body, csrfToken, options.confirm) : await postJson<Options>("/webauthn/register", body, csrfToken);
  if (!first) return null;
  let response;
  try {
    response = await startRegistration({ optionsJSON: first.options });
  } catch (error) {
    explain(error, "register");
  }
  const { redirectTo } = await postJson<{ redirectTo: string }>("/webauthn/register", { intent: "verify", response }, csrfToken);
  return redirectTo;
}
