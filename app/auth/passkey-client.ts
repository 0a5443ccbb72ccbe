import { startAuthentication, startRegistration, WebAuthnError } from "@simplewebauthn/browser";

/** Browser side of the passkey ceremonies; every call carries the session's CSRF token. */

export class PasskeyFlowError extends Error {}

async function postJson<T>(url: string, body: unknown, csrfToken: string): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = (await response.json().catch(() => ({}))) as T & { message?: string; title?: string; detail?: string };
  if (!response.ok) throw new PasskeyFlowError(data.message ?? data.detail ?? data.title ?? "Something went wrong. Please try again.");
  return data;
}

function explain(error: unknown): never {
  if (error instanceof PasskeyFlowError) throw error;
  if (error instanceof WebAuthnError || (error instanceof Error && error.name === "NotAllowedError")) {
    throw new PasskeyFlowError("The passkey request was cancelled or timed out. Please try again.");
  }
  throw new PasskeyFlowError("Your browser couldn't use a passkey here. Please try again.");
}

export async function signInWithPasskey(csrfToken: string, returnTo: string, useBrowserAutofill = false): Promise<string> {
  const { options } = await postJson<{ options: Parameters<typeof startAuthentication>[0]["optionsJSON"] }>(
    "/webauthn/authenticate",
    { intent: "options", purpose: "sign-in" },
    csrfToken,
  );
  let response;
  try {
    response = await startAuthentication({ optionsJSON: options, useBrowserAutofill });
  } catch (error) {
    explain(error);
  }
  const { redirectTo } = await postJson<{ redirectTo: string }>("/webauthn/authenticate", { intent: "verify", purpose: "sign-in", response, returnTo }, csrfToken);
  return redirectTo;
}

export async function confirmWithPasskey(csrfToken: string, purpose: string): Promise<void> {
  const { options } = await postJson<{ options: Parameters<typeof startAuthentication>[0]["optionsJSON"] }>(
    "/webauthn/authenticate",
    { intent: "options", purpose: "step-up", reason: purpose },
    csrfToken,
  );
  let response;
  try {
    response = await startAuthentication({ optionsJSON: options });
  } catch (error) {
    explain(error);
  }
  await postJson("/webauthn/authenticate", { intent: "verify", purpose: "step-up", response, reason: purpose }, csrfToken);
}

export async function registerPasskey(csrfToken: string, enrolment?: { email: string; code: string }): Promise<string> {
  const { options } = await postJson<{ options: Parameters<typeof startRegistration>[0]["optionsJSON"] }>(
    "/webauthn/register",
    { intent: "options", ...(enrolment ?? {}) },
    csrfToken,
  );
  let response;
  try {
    response = await startRegistration({ optionsJSON: options });
  } catch (error) {
    explain(error);
  }
  const { redirectTo } = await postJson<{ redirectTo: string }>("/webauthn/register", { intent: "verify", response }, csrfToken);
  return redirectTo;
}
