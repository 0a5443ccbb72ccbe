import { auditPublicKey } from "~/audit/audit-keys.server";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

commandArgs("npm run audit:key\n  Prints the public half of AUDIT_SIGNING_KEY (PEM) and its key id, to publish beside the witness.", { options: {} });
loadCommandEnv();
const { pem, keyId } = auditPublicKey();
process.stdout.write(`# key id ${keyId}\n${pem}`);
