import { appendAudit } from "../../app/audit/audit-log.server";
import { prependDevDataKey } from "../../app/config/dev-secrets.server";
import { reencryptUnderNewestKey } from "../../app/crypto/rotate-keys.server";
import { database } from "../../app/db.server";
import { loadCommandEnv } from "./bootstrap";

// In development `--new-key` first puts a fresh key in front of the ring in .env.local;
// in production the operator adds the key to DATA_KEYS (newest first) before running this.
if (process.argv.includes("--new-key")) {
  if (process.env.NODE_ENV === "production") {
    process.stderr.write("--new-key is for development; in production put the new key first in DATA_KEYS.\n");
    process.exit(2);
  }
  process.stdout.write(`Added data key ${prependDevDataKey()} to .env.local.\n`);
}
const env = loadCommandEnv();
const handle = database();
const result = await reencryptUnderNewestKey();
await appendAudit({ actorId: null, actorRole: "system", action: "keys.rotated", details: { newestKey: env.DATA_KEYS[0]?.id, ...result } });
await handle.close();
process.stdout.write(`Re-encrypted ${result.rewritten} of ${result.scanned} rows under key ${env.DATA_KEYS[0]?.id}.\n`);
