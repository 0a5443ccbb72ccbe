import { auditPublicKey, auditSigningKey, rawPublicKey } from "~/audit/audit-keys.server";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

commandArgs("npm run audit:key\n  Prints the public half of AUDIT_SIGNING_KEY (PEM) and its key id, to publish beside the witness.", { options: {} });
loadCommandEnv();
const { pem, keyId } = auditPublicKey();
process.stdout.write(`# key id ${keyId}\n# after rotating, keep checking old checkpoints: AUDIT_RETIRED_PUBLIC_KEYS=${rawPublicKey(auditSigningKey())}\n${pem}`);
