import { recordAuditEvent } from "~/audit/audit-log.server";
import { prependDevDataKey, writeDevSecret } from "~/config/dev-secrets.server";
import { addSessionSecret, retireOldSessionSecrets, rotateNetworkClientKey } from "~/config/rotate-secrets";
import { reencryptUnderNewestKey } from "~/crypto/rotate-keys.server";
import { database } from "~/db.server";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

/**
 * In development the new value is written to .env.local; in production it is printed for the
 * secret store (set it on every instance, then roll the cluster: README, Operations).
 */
const USAGE = `
npm run keys:rotate -- [data [--new-key] | session [--retire] | network CLIENT_ID [--overlap-days N]]
  data (default)   re-encrypt PII under the newest data key (--new-key in development adds one first)
  session          a new session secret under a higher id; --retire keeps only the newest
  network CLIENT   a new signing key for a card-network client, the old one kept --overlap-days (7)`;
const { values, positionals } = commandArgs(USAGE, {
  allowPositionals: true,
  options: { "new-key": { type: "boolean" }, retire: { type: "boolean" }, "overlap-days": { type: "string", default: "7" } },
});
const [kind = "data", clientId] = positionals;
const production = process.env.NODE_ENV === "production";
const out = (line: string) => process.stdout.write(`${line}\n`);

function publish(name: string, value: string) {
  if (production) {
    out(`Set ${name} on every instance to:\n${name}=${value}`);
  } else {
    writeDevSecret(name, value);
    out(`Wrote the new ${name} to .env.local; restart the server (or roll the cluster) to use it.`);
  }
}

async function audited(action: string, details: Record<string, unknown>) {
  const handle = database();
  await recordAuditEvent({ actorId: null, actorRole: "system", action, details });
  await handle.close();
}

if (kind === "data") {
  // In production the operator adds the key to DATA_KEYS (newest first) before running this.
  if (values["new-key"]) {
    if (production) {
      process.stderr.write("--new-key is for development; in production put the new key first in DATA_KEYS.\n");
      process.exit(2);
    }
    out(`Added data key ${prependDevDataKey()} to .env.local.`);
  }
  const env = loadCommandEnv();
  const handle = database();
  const result = await reencryptUnderNewestKey();
  await recordAuditEvent({ actorId: null, actorRole: "system", action: "keys.rotated", details: { newestKey: env.DATA_KEYS[0]?.id, ...result } });
  await handle.close();
  out(`Re-encrypted ${result.rewritten} of ${result.scanned} rows under key ${env.DATA_KEYS[0]?.id}.`);
} else if (kind === "session") {
  loadCommandEnv();
  const current = process.env.SESSION_SECRETS ?? "";
  if (values.retire) {
    const { value, retired } = retireOldSessionSecrets(current);
    publish("SESSION_SECRETS", value);
    out(`Retired ${retired} older session secret(s): cookies sealed with them no longer open.`);
    await audited("keys.session_secrets_retired", { retired });
  } else {
    const { value, id } = addSessionSecret(current);
    publish("SESSION_SECRETS", value);
    out(`New session secret ${id} seals new cookies; older ones still open theirs. Retire them after 12 hours (the absolute session timeout): npm run keys:rotate -- session --retire`);
    await audited("keys.session_secret_added", { id });
  }
} else if (kind === "network" && clientId) {
  loadCommandEnv();
  const overlapDays = Number(values["overlap-days"]);
  if (!Number.isFinite(overlapDays) || overlapDays <= 0 || overlapDays > 90) {
    process.stderr.write("--overlap-days must be more than 0 and at most 90.\n");
    process.exit(2);
  }
  const rotated = rotateNetworkClientKey(process.env.NETWORK_CLIENT_KEYS ?? "", clientId, new Date(), overlapDays * 86_400_000);
  publish("NETWORK_CLIENT_KEYS", rotated.value);
  out(`Give client ${clientId} its new signing secret over the agreed secure channel:\n${rotated.secret}`);
  out(`Its previous key is accepted until ${rotated.oldKeyNotAfter}, then refused.`);
  // The audit names the rotation, never the secret.
  await audited("keys.network_client_rotated", { client: clientId, oldKeyNotAfter: rotated.oldKeyNotAfter });
} else {
  process.stderr.write(`${USAGE.trim()}\n`);
  process.exit(2);
}
