import type { Role } from "../../db/schema";
import { appendAudit } from "~/audit/audit-log.server";
import { db, inWriteTransaction } from "~/db.server";
import { issueEnrolmentCode } from "~/auth/enrolment-codes.server";
import { createUser } from "~/users/users.server";
import { seedBankingData } from "./demo-banking.server";

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

export interface SeededPerson {
  email: string;
  userId: string;
  enrolmentCode: string;
}

/** Creates the demo people, each with a one-time enrolment code for a first passkey. */
export async function seedDemoData(): Promise<SeededPerson[]> {
  const seeded: SeededPerson[] = [];
  await inWriteTransaction(async (trx) => {
    for (const person of DEMO_PEOPLE) {
      const userId = await createUser(person, trx);
      seeded.push({ email: person.email, userId, enrolmentCode: await issueEnrolmentCode(userId, null, trx) });
    }
    const customers = DEMO_PEOPLE.filter((person) => person.roles.includes("customer")).map((person) => seeded.find((s) => s.email === person.email));
    await seedBankingData(trx, customers.filter((person): person is SeededPerson => person !== undefined));
    await appendAudit({ actorId: null, actorRole: "system", action: "seed.demo", details: { people: DEMO_PEOPLE.length } }, trx);
  });
  return seeded;
}

export function describeSeed(seeded: SeededPerson[]): string {
  const lines = seeded.map((person) => `  ${person.email.padEnd(30)} ${person.enrolmentCode}`);
  return ["Demo people and their one-time enrolment codes (valid 24 h; also on /dev/outbox):", ...lines].join("\n");
}

/** Seeds only a database that has no people yet, so a restart never duplicates demo data. */
export async function seedIfEmpty(): Promise<SeededPerson[] | null> {
  const existing = await db().selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (existing) return null;
  return seedDemoData();
}
