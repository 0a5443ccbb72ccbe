import crypto from "node:crypto";
import type { Role } from "../../db/schema";
import { nowIso } from "~/clock.server";
import { blindIndex, decryptField, encryptField } from "~/crypto/field-encryption.server";
import { db, type Db } from "~/db.server";
import { foldName, normalisePhone } from "./search-keys.server";

export const EMAIL_PURPOSE = "users.email";
export const PHONE_PURPOSE = "users.phone";

export interface NewPerson {
  displayName: string;
  email: string;
  phone?: string;
  roles: Role[];
}

/** The blind index of a phone number, or null when it is not a number that can exist. */
export function phoneIndex(phone: string): string | null {
  const e164 = normalisePhone(phone);
  return e164 ? blindIndex(e164, PHONE_PURPOSE) : null;
}

async function unusedCustomerNumber(trx: Db): Promise<string> {
  // 90 million numbers: a clash is rare, and the unique index still refuses one that slips through.
  for (;;) {
    const candidate = String(crypto.randomInt(10_000_000, 100_000_000));
    const taken = await trx.selectFrom("users").select("id").where("customer_number", "=", candidate).executeTakeFirst();
    if (!taken) return candidate;
  }
}

export async function createUser(person: NewPerson, trx: Db = db()): Promise<string> {
  const id = crypto.randomUUID();
  const customerNumber = await unusedCustomerNumber(trx);
  await trx
    .insertInto("users")
    .values({
      id,
      display_name: person.displayName,
      name_search: foldName(person.displayName),
      email_enc: encryptField(person.email, EMAIL_PURPOSE),
      email_bidx: blindIndex(person.email, EMAIL_PURPOSE),
      phone_enc: person.phone ? encryptField(person.phone, PHONE_PURPOSE) : null,
      phone_bidx: person.phone ? phoneIndex(person.phone) : null,
      customer_number: customerNumber,
      status: "active",
      created_at: nowIso(),
    })
    .execute();
  if (person.roles.length > 0) {
    await trx.insertInto("user_roles").values(person.roles.map((role) => ({ user_id: id, role }))).execute();
  }
  return id;
}

export async function findUserIdByEmail(email: string): Promise<string | null> {
  const row = await db().selectFrom("users").select("id").where("email_bidx", "=", blindIndex(email, EMAIL_PURPOSE)).executeTakeFirst();
  return row?.id ?? null;
}

export async function readContactDetails(userId: string): Promise<{ email: string; phone: string | null } | null> {
  const row = await db().selectFrom("users").select(["email_enc", "phone_enc"]).where("id", "=", userId).executeTakeFirst();
  if (!row) return null;
  return {
    email: decryptField(row.email_enc, EMAIL_PURPOSE),
    phone: row.phone_enc ? decryptField(row.phone_enc, PHONE_PURPOSE) : null,
  };
}

/** The name a person is shown by, for a ceremony that must not read more than it needs. */
export async function personForPasskey(userId: string): Promise<{ id: string; displayName: string }> {
  const person = await db().selectFrom("users").select(["id", "display_name"]).where("id", "=", userId).executeTakeFirstOrThrow();
  return { id: person.id, displayName: person.display_name };
}
