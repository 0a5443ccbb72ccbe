import type { Role } from "./schema";
import { appendAudit } from "../app/audit/audit-log.server";
import { db, inWriteTransaction } from "../app/db.server";
import { createUser } from "../app/users/users.server";

export interface DemoPerson {
  displayName: string;
  email: string;
  phone: string;
  roles: Role[];
}

/** Named demo people; the README lists them. Addresses use the reserved example.com domain. */
export const DEMO_PEOPLE: DemoPerson[] = [
  { displayName: "Alice Carter", email: "alice@example.com", phone: "+44 7700 900101", roles: ["customer"] },
  { displayName: "Ben Okafor", email: "ben@example.com", phone: "+44 7700 900102", roles: ["customer"] },
  { displayName: "Sam Patel", email: "sam.support@example.com", phone: "+44 7700 900201", roles: ["support"] },
  { displayName: "Grace Lindqvist", email: "grace.supervisor@example.com", phone: "+44 7700 900202", roles: ["supervisor"] },
  { displayName: "Erin Walsh", email: "erin.editor@example.com", phone: "+44 7700 900301", roles: ["editor"] },
  { displayName: "Felix Moreau", email: "felix.editor@example.com", phone: "+44 7700 900302", roles: ["editor"] },
  { displayName: "Ada Nwosu", email: "ada.admin@example.com", phone: "+44 7700 900401", roles: ["admin"] },
];

export async function seedDemoData(): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await inWriteTransaction(async (trx) => {
    for (const person of DEMO_PEOPLE) {
      ids.set(person.email, await createUser(person, trx));
    }
    await appendAudit({ actorId: null, actorRole: "system", action: "seed.demo", details: { people: DEMO_PEOPLE.length } }, trx);
  });
  return ids;
}

/** Seeds only a database that has no people yet, so a restart never duplicates demo data. */
export async function seedIfEmpty(): Promise<boolean> {
  const existing = await db().selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (existing) return false;
  await seedDemoData();
  return true;
}
