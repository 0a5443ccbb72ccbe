import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";
import { DEFAULT_SQLITE_PATH } from "../../../db/connection";
import { encryptPlainFile, isPlainSqliteFile } from "../../../db/sqlite-encryption";

// npm run db:encrypt: encrypts an existing plain SQLite database in place with SQLITE_KEY.
// Run it with the server stopped (folding the WAL in needs the only connection).
commandArgs("npm run db:encrypt\n  Encrypts an existing plain SQLite database in place with SQLITE_KEY (stop the server first).", { options: {} });
const env = loadCommandEnv();
const url = env.DATABASE_URL;
if (url && /^postgres(ql)?:\/\//.test(url)) {
  process.stderr.write("DATABASE_URL is PostgreSQL: its encryption at rest is the disk's or volume's (see README, Operations).\n");
  process.exit(2);
}
const file = url?.startsWith("file:") ? url.slice("file:".length) : (url ?? DEFAULT_SQLITE_PATH);
if (!env.SQLITE_KEY) {
  process.stderr.write("SQLITE_KEY is not set.\n");
  process.exit(2);
}
if (!isPlainSqliteFile(file)) {
  process.stdout.write(`${file} is not a plain SQLite database (already encrypted, or absent): nothing to do.\n`);
  process.exit(0);
}
encryptPlainFile(file, env.SQLITE_KEY);
process.stdout.write(`${file} is now encrypted with SQLITE_KEY.\n`);
