import type { BrowserContext, CDPSession, Page } from "@playwright/test";

/** Chromium's CDP virtual authenticator: a platform passkey provider with user verification. */
export class VirtualAuthenticator {
  private constructor(
    private readonly cdp: CDPSession,
    readonly id: string,
  ) {}

  static async attach(page: Page): Promise<VirtualAuthenticator> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("WebAuthn.enable", { enableUI: false });
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return new VirtualAuthenticator(cdp, authenticatorId);
  }

  async credentials() {
    const { credentials } = await this.cdp.send("WebAuthn.getCredentials", { authenticatorId: this.id });
    return credentials;
  }

  async remove(credentialId: string): Promise<void> {
    await this.cdp.send("WebAuthn.removeCredential", { authenticatorId: this.id, credentialId });
  }

  async add(credential: Awaited<ReturnType<VirtualAuthenticator["credentials"]>>[number]): Promise<void> {
    // Copy only what defines the key; Chromium refuses some read-back fields on the way in.
    const { credentialId, isResidentCredential, rpId, privateKey, userHandle, signCount } = credential;
    await this.cdp.send("WebAuthn.addCredential", {
      authenticatorId: this.id,
      credential: { credentialId, isResidentCredential, rpId, privateKey, userHandle, signCount },
    });
  }
}

export async function newPageWithAuthenticator(context: BrowserContext) {
  const page = await context.newPage();
  return { page, authenticator: await VirtualAuthenticator.attach(page) };
}
