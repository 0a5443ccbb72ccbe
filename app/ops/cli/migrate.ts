import { database } from "~/db.server";
import { migrateToLatest } from "../../../db/migrate";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

commandArgs("npm run db:migrate\n  Applies any pending migrations to DATABASE_URL (SQLite file or PostgreSQL).", { options: {} });
loadCommandEnv();
const handle = database();
const applied = await migrateToLatest(handle.db);
process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(", ")}\n` : "Database is up to date.\n");
await handle.close();
