import crypto from "node:crypto";

/**
 * A software passkey: a real P-256 key that produces genuine WebAuthn assertions, so the
 * server's verification runs unmodified. Tests shape one field at a time (origin, RP ID,
 * user verification, counter) to prove each check refuses.
 */
export class SoftAuthenticator {
  readonly credentialId = crypto.randomBytes(16).toString("base64url");
  private readonly keys = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  counter = 0;

  /** The private key as PKCS#8 DER, base64: how Chromium's virtual authenticator takes one. */
  privateKeyPkcs8(): string {
    return this.keys.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
  }

  /** COSE_Key (EC2, ES256) as the server stores it. */
  cosePublicKey(): string {
    const jwk = this.keys.publicKey.export({ format: "jwk" });
    const x = Buffer.from(jwk.x as string, "base64url");
    const y = Buffer.from(jwk.y as string, "base64url");
    return Buffer.concat([Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]), x, Buffer.from([0x22, 0x58, 0x20]), y]).toString("base64url");
  }

  assert(options: { challenge: string; origin: string; rpId: string; userVerified?: boolean; counter?: number; userHandle?: string }) {
    this.counter = options.counter ?? this.counter + 1;
    const flags = 0x01 | (options.userVerified === false ? 0 : 0x04);
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    const authenticatorData = Buffer.concat([crypto.createHash("sha256").update(options.rpId).digest(), Buffer.from([flags]), counter]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin: options.origin, crossOrigin: false }));
    const signature = crypto.sign("sha256", Buffer.concat([authenticatorData, crypto.createHash("sha256").update(clientDataJSON).digest()]), this.keys.privateKey);
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      response: {
        clientDataJSON: clientDataJSON.toString("base64url"),
        authenticatorData: authenticatorData.toString("base64url"),
        signature: signature.toString("base64url"),
        ...(options.userHandle ? { userHandle: Buffer.from(options.userHandle).toString("base64url") } : {}),
      },
      clientExtensionResults: {},
    };
  }
}
