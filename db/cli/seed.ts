import { database } from "../../app/db.server";
import { migrateToLatest } from "../migrate";
import { describeSeed, seedIfEmpty } from "../seed";
import { loadCommandEnv } from "./bootstrap";

loadCommandEnv();
const handle = database();
await migrateToLatest(handle.db);
const seeded = await seedIfEmpty();
process.stdout.write(seeded ? `${describeSeed(seeded)}\n` : "The database already has people; nothing seeded. (npm run enrolment:code -- EMAIL issues a new code.)\n");
await handle.close();
