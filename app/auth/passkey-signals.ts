/**
 * The WebAuthn Signal API (Chrome 132+, Safari 26): tell the device's passkey provider what
 * the server knows, so it stops offering passkeys we have removed and shows the right name.
 * Feature-detected and fire-and-forget: where a browser lacks a method nothing happens, and a
 * provider that refuses is not the customer's problem.
 */

interface SignalMethods {
  signalUnknownCredential?: (options: { rpId: string; credentialId: string }) => Promise<void>;
  signalAllAcceptedCredentials?: (options: { rpId: string; userId: string; allAcceptedCredentialIds: string[] }) => Promise<void>;
  signalCurrentUserDetails?: (options: { rpId: string; userId: string; name: string; displayName: string }) => Promise<void>;
}

/** What the page needs to speak for this person: the RP ID and their WebAuthn user handle (base64url). */
export interface SignalIdentity {
  rpId: string;
  userId: string;
  name: string;
  displayName: string;
}

function provider(): SignalMethods | null {
  if (typeof window === "undefined" || typeof window.PublicKeyCredential === "undefined") return null;
  return window.PublicKeyCredential as unknown as SignalMethods;
}

async function quietly(call: (() => Promise<void>) | null): Promise<boolean> {
  if (!call) return false;
  try {
    await call();
    return true;
  } catch {
    return false;
  }
}

/** Sign-in presented a credential we no longer know: the device may forget it. */
export function signalUnknownCredential(rpId: string, credentialId: string): Promise<boolean> {
  const pkc = provider();
  return quietly(pkc?.signalUnknownCredential ? () => pkc.signalUnknownCredential!({ rpId, credentialId }) : null);
}

/** After a removal: every passkey still accepted for this person; the provider may hide the rest. */
export function signalAllAcceptedCredentials(identity: SignalIdentity, credentialIds: string[]): Promise<boolean> {
  const pkc = provider();
  return quietly(pkc?.signalAllAcceptedCredentials ? () => pkc.signalAllAcceptedCredentials!({ rpId: identity.rpId, userId: identity.userId, allAcceptedCredentialIds: credentialIds }) : null);
}

/** After a name change: the names the provider should show beside this person's passkeys. */
export function signalCurrentUserDetails(identity: SignalIdentity): Promise<boolean> {
  const pkc = provider();
  return quietly(pkc?.signalCurrentUserDetails ? () => pkc.signalCurrentUserDetails!({ rpId: identity.rpId, userId: identity.userId, name: identity.name, displayName: identity.displayName }) : null);
}
