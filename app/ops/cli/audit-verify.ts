import crypto from "node:crypto";
import fs from "node:fs";
import { auditVerificationKeys } from "~/audit/audit-keys.server";
import { readWitness, SEALING_LAG_LIMIT_MS, verifyAuditLog } from "~/audit/audit-verify.server";
import { now } from "~/clock.server";
import { database } from "~/db.server";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

const { values } = commandArgs(
  "npm run audit:verify [-- --witness FILE] [--public-key PEM-FILE ...]\n  Rebuilds the audit Merkle tree from the entries and checks every signed checkpoint (and, with\n  --witness, that the database still extends every checkpoint in that file); exits 1 naming the\n  first entry or checkpoint that fails. Without --public-key the keys come from\n  AUDIT_SIGNING_KEY and AUDIT_RETIRED_PUBLIC_KEYS; an outside auditor passes the published public key instead. After a key\n  rotation, repeat --public-key once per key, old and new: each checkpoint names the key id that\n  signed it (npm run audit:key prints a key's id).",
  { options: { witness: { type: "string" }, "public-key": { type: "string", multiple: true } } },
);
loadCommandEnv();
const keyFiles = values["public-key"] ?? [];
const publicKeys = keyFiles.length > 0 ? keyFiles.map((file) => crypto.createPublicKey(fs.readFileSync(file, "utf8"))) : auditVerificationKeys();
let witness;
if (values.witness) {
  const read = readWitness(values.witness);
  if ("error" in read) {
    process.stderr.write(`Audit log BROKEN: ${read.error}.\n`);
    process.exit(1);
  }
  witness = read.checkpoints;
}
const handle = database();
const verdict = await verifyAuditLog(handle.db, { publicKeys, witness, now: now() });
await handle.close();
if (verdict.unsealed.count > 0) {
  process.stderr.write(`Warning: ${verdict.unsealed.count} entries older than ${SEALING_LAG_LIMIT_MS / 1000} s are not sealed yet (oldest seq ${verdict.unsealed.oldestSeq}): is the sequencer running?\n`);
}
if (verdict.ok) {
  process.stdout.write(`Audit log intact: ${verdict.sealed} entries sealed, ${verdict.checkpoints} checkpoints${witness ? `, ${verdict.witnessed} witness checkpoints` : ""} verified.\n`);
} else {
  process.stderr.write(`Audit log BROKEN: ${verdict.failure} (${verdict.sealed} entries verified before it).\n`);
  process.exit(1);
}
