import crypto from "node:crypto";
import pg from "pg";

// create: makes a fresh, empty database next to TEST_DATABASE_URL and prints its URL.
// drop URL: removes it. Names are generated here from hex only.
const admin = process.env.TEST_DATABASE_URL;
if (!admin) throw new Error("TEST_DATABASE_URL is not set");
const [command, target] = process.argv.slice(2);
const client = new pg.Client({ connectionString: admin });
await client.connect();
if (command === "create") {
  const name = `strongroom_e2e_${crypto.randomBytes(5).toString("hex")}`;
  await client.query(`CREATE DATABASE "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  process.stdout.write(url.toString());
} else if (command === "drop" && target) {
  const name = new URL(target).pathname.slice(1);
  if (!/^strongroom_e2e_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
await client.end();
