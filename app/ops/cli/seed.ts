import { database } from "~/db.server";
import { importShippedGuides } from "~/guides/guide-import.server";
import { migrateToLatest } from "../../../db/migrate";
import { describeSeed, seedIfEmpty } from "~/demo/demo-seed.server";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

commandArgs("npm run db:seed\n  Migrates DATABASE_URL, imports the shipped guides and, if the database has nobody yet, seeds the demo people.", { options: {} });
loadCommandEnv();
const handle = database();
await migrateToLatest(handle.db);
const guides = await importShippedGuides();
process.stdout.write(`Shipped guides imported: ${guides.imported.length}${guides.refused.length > 0 ? `; refused (invalid): ${guides.refused.map((guide) => guide.slug).join(", ")}` : ""}\n`);
const seeded = await seedIfEmpty();
process.stdout.write(seeded ? `${describeSeed(seeded)}\n` : "The database already has people; nothing seeded. (npm run enrolment:code -- EMAIL issues a new code.)\n");
await handle.close();
