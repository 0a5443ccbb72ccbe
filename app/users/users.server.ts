import crypto from "node:crypto";
import type { Role } from "../../db/schema";
import { nowIso } from "~/clock.server";
import { blindIndex, decryptField, encryptField } from "~/crypto/field-encryption.server";
import { db, type Db } from "~/db.server";

export const EMAIL_PURPOSE = "users.email";
export const PHONE_PURPOSE = "users.phone";

export interface NewPerson {
  displayName: string;
  email: string;
  phone?: string;
  roles: Role[];
}

export async function createUser(person: NewPerson, trx: Db = db()): Promise<string> {
  const id = crypto.randomUUID();
  await trx
    .insertInto("users")
    .values({
      id,
      display_name: person.displayName,
      email_enc: encryptField(person.email, EMAIL_PURPOSE),
      email_bidx: blindIndex(person.email, EMAIL_PURPOSE),
      phone_enc: person.phone ? encryptField(person.phone, PHONE_PURPOSE) : null,
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
