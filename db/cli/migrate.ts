import { database } from "../../app/db.server";
import { migrateToLatest } from "../migrate";
import { loadCommandEnv } from "./bootstrap";

loadCommandEnv();
const handle = database();
const applied = await migrateToLatest(handle.db);
process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(", ")}\n` : "Database is up to date.\n");
await handle.close();
