import { verifyAuditChain } from "../../app/audit/audit-log.server";
import { database } from "../../app/db.server";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

commandArgs("npm run audit:verify\n  Verifies the audit log end to end; exits 1 if anything is broken.", { options: {} });
loadCommandEnv();
const handle = database();
const verdict = await verifyAuditChain(handle.db);
await handle.close();
if (verdict.ok) {
  process.stdout.write(`Audit chain intact: ${verdict.checked} rows verified.\n`);
} else {
  process.stderr.write(`Audit chain BROKEN at row ${verdict.brokenAt}: ${verdict.reason} (${verdict.checked} rows verified before it).\n`);
  process.exit(1);
}
