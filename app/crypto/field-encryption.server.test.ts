import crypto from "node:crypto";
import { testEnv } from "../../tests/support/test-env";
import { blindIndex, decryptField, DecryptionError, encryptField, keyIdOf, needsReencryption } from "./field-encryption.server";

const ring = (...ids: string[]) => ids.map((id) => ({ id, key: crypto.randomBytes(32) }));

describe("field encryption", () => {
  beforeAll(() => testEnv());

  it("round-trips and names the key in each value", () => {
    const keys = ring("k2", "k1");
    const envelope = encryptField("alice@example.com", "users.email", keys);
    expect(envelope).not.toContain("alice");
    expect(keyIdOf(envelope)).toBe("k2");
    expect(decryptField(envelope, "users.email", keys)).toBe("alice@example.com");
  });

  it("uses a fresh IV, so equal values do not look equal", () => {
    const keys = ring("k1");
    expect(encryptField("same", "p", keys)).not.toBe(encryptField("same", "p", keys));
  });

  it("refuses tampered ciphertext", () => {
    const keys = ring("k1");
    const parts = encryptField("+44 7700 900101", "users.phone", keys).split(".");
    const body = Buffer.from(parts[3] as string, "base64url");
    body[0] = (body[0] as number) ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => decryptField(parts.join("."), "users.phone", keys)).toThrow(DecryptionError);
  });

  it("refuses a value moved to another column (purpose is bound)", () => {
    const keys = ring("k1");
    expect(() => decryptField(encryptField("x", "users.email", keys), "users.phone", keys)).toThrow(DecryptionError);
  });

  it("refuses the wrong key and an unknown key id", () => {
    const envelope = encryptField("secret", "p", ring("k1"));
    expect(() => decryptField(envelope, "p", ring("k1"))).toThrow(DecryptionError);
    expect(() => decryptField(envelope, "p", ring("other"))).toThrow(/No key "k1"/);
  });

  it("decrypts old values after rotation and reports what needs re-encryption", () => {
    const [newKey, oldKey] = ring("k2", "k1");
    const old = encryptField("value", "p", [oldKey!]);
    expect(decryptField(old, "p", [newKey!, oldKey!])).toBe("value");
    expect(needsReencryption(old, [newKey!, oldKey!])).toBe(true);
    expect(needsReencryption(encryptField("value", "p", [newKey!, oldKey!]), [newKey!, oldKey!])).toBe(false);
  });

  it("rejects malformed envelopes", () => {
    for (const bad of ["", "v1", "v2.k1.a.b.c", "v1.k1.a.b.c.d"]) {
      expect(() => decryptField(bad, "p", ring("k1"))).toThrow(DecryptionError);
    }
  });

  it("blind index matches normalised input and differs per purpose and key", () => {
    const key = crypto.randomBytes(32);
    expect(blindIndex(" Alice@Example.com ", "users.email", key)).toBe(blindIndex("alice@example.com", "users.email", key));
    expect(blindIndex("alice@example.com", "users.phone", key)).not.toBe(blindIndex("alice@example.com", "users.email", key));
    expect(blindIndex("alice@example.com", "users.email", crypto.randomBytes(32))).not.toBe(blindIndex("alice@example.com", "users.email", key));
  });
});
