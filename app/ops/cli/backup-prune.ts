import fs from "node:fs";
import path from "node:path";
import { now } from "~/clock.server";
import { readBackupHeader } from "~/ops/backup/backup-file.server";
import { RETENTION_POLICY, selectRetained, type BackupEntry } from "~/ops/backup/backup-retention.server";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

// npm run backup:prune [-- --dry-run]: deletes the backups in BACKUP_DIR that the policy
// (90 daily, 52 Mondays, 36 monthly) no longer keeps. Files it cannot read are never deleted.
const { values } = commandArgs("npm run backup:prune [-- --dry-run]\n  Deletes the backups in BACKUP_DIR the retention policy no longer keeps; --dry-run only lists them.", {
  options: { "dry-run": { type: "boolean" } },
});
const env = loadCommandEnv();
const dryRun = values["dry-run"] === true;
const dir = env.BACKUP_DIR;
const entries: BackupEntry[] = [];
const unreadable: string[] = [];
for (const name of fs.existsSync(dir) ? fs.readdirSync(dir).filter((file) => file.endsWith(".srbk")) : []) {
  try {
    const createdAt = new Date(readBackupHeader(path.join(dir, name)).createdAt);
    if (Number.isNaN(createdAt.getTime())) throw new Error("no date");
    entries.push({ name, createdAt });
  } catch {
    unreadable.push(name);
  }
}
const decision = selectRetained(entries, now());
for (const name of decision.remove) {
  if (!dryRun) fs.rmSync(path.join(dir, name));
  process.stdout.write(`${dryRun ? "would delete" : "deleted"} ${name}\n`);
}
const count = (rule: string) => [...decision.keep.values()].filter((rules) => rules.includes(rule as never)).length;
process.stdout.write(
  `Kept ${decision.keep.size} backups in ${dir}: ${count("daily")}/${RETENTION_POLICY.daily} daily, ${count("monday")}/${RETENTION_POLICY.mondays} Mondays, ` +
    `${count("monthly")}/${RETENTION_POLICY.monthly} monthly${count("future") ? `, ${count("future")} dated in the future` : ""}; ${dryRun ? "would delete" : "deleted"} ${decision.remove.length}.\n`,
);
if (unreadable.length > 0) process.stderr.write(`Left alone (header unreadable): ${unreadable.join(", ")}\n`);
