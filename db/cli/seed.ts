import { database } from "../../app/db.server";
import { migrateToLatest } from "../migrate";
import { seedIfEmpty } from "../seed";
import { loadCommandEnv } from "./bootstrap";

loadCommandEnv();
const handle = database();
await migrateToLatest(handle.db);
const seeded = await seedIfEmpty();
process.stdout.write(seeded ? "Seeded the demo people.\n" : "The database already has people; nothing seeded.\n");
await handle.close();
