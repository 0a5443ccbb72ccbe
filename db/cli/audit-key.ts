import { auditPublicKey } from "../../app/audit/audit-keys.server";
import { loadCommandEnv } from "./bootstrap";

// npm run audit:key — prints the public half of AUDIT_SIGNING_KEY, to publish (README, website).
loadCommandEnv();
const { pem, keyId } = auditPublicKey();
process.stdout.write(`# key id ${keyId}\n${pem}`);
