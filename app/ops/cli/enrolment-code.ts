import { appendAudit } from "~/audit/audit-log.server";
import { issueEnrolmentCode } from "~/auth/enrolment-codes.server";
import { database, inWriteTransaction } from "~/db.server";
import { findUserIdByEmail } from "~/users/users.server";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

// Issues a fresh one-time enrolment code for an existing person (first passkey or recovery).
const USAGE = "npm run enrolment:code -- person@example.com\n  Issues a fresh one-time enrolment code (24 h, single use) for an existing person.";
const [email] = commandArgs(USAGE, { options: {}, allowPositionals: true }).positionals;
if (!email) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
loadCommandEnv();
const handle = database();
const userId = await findUserIdByEmail(email);
if (!userId) {
  process.stderr.write(`No person with email ${email}.\n`);
  await handle.close();
  process.exit(1);
}
const code = await inWriteTransaction(async (trx) => {
  const issued = await issueEnrolmentCode(userId, null, trx);
  await appendAudit({ actorId: null, actorRole: "operator", action: "enrolment.code_issued", subjectType: "user", subjectId: userId, details: { via: "command line" } }, trx);
  return issued;
});
await handle.close();
process.stdout.write(`Enrolment code for ${email}: ${code} (valid 24 h, single use)\n`);
