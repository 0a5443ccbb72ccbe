import { sql } from "kysely";
import { propose, refuseIfWaiting } from "~/approvals/approvals.server";
import { RE_ENROL_KIND } from "~/approvals/approval-kinds.server";
import { db, inWriteTransaction } from "~/db.server";
import { formatCustomerNumber } from "~/users/masking";
import { auditedStaffAction, requireCustomer, type StaffActor } from "./staff-actor.server";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What the customer holds now, for the proposal's "before" and the page. */
export async function accessSummary(customerId: string) {
  const customer = await requireCustomer(db(), customerId);
  const [passkeys, sessions] = await Promise.all([
    db().selectFrom("passkeys").select(sql<number>`count(*)`.as("n")).where("user_id", "=", customerId).executeTakeFirstOrThrow(),
    db().selectFrom("sessions").select(sql<number>`count(*)`.as("n")).where("user_id", "=", customerId).where("revoked_at", "is", null).executeTakeFirstOrThrow(),
  ]);
  return { id: customer.id, displayName: customer.display_name, customerNumber: customer.customer_number, passkeys: Number(passkeys.n), sessions: Number(sessions.n) };
}

/**
 * Support proposes re-enrolment for a customer who lost every passkey; a different supervisor
 * approves it (app/approvals). Nothing changes until then. One open proposal per customer.
 */
export function proposeReEnrolment(actor: StaffActor, customerId: string, reason: string): Promise<string> {
  return auditedStaffAction(actor, "approval.proposed", customerId, async () => {
    const held = await accessSummary(customerId);
    return inWriteTransaction(async (trx) => {
      await refuseIfWaiting(trx, RE_ENROL_KIND, customerId, "A re-enrolment for this customer is already waiting for a supervisor.");
      const who = `${held.displayName} (customer ${formatCustomerNumber(held.customerNumber)})`;
      return propose(trx, actor, {
        kind: RE_ENROL_KIND,
        subjectType: "user",
        subjectId: customerId,
        customerId,
        before: `${who} has ${plural(held.passkeys, "passkey")} and ${plural(held.sessions, "active session")}.`,
        after: `Every passkey and session of ${who} removed; a new one-time enrolment code sent to the customer's own address (no staff member sees it).`,
        reason,
        payload: { customerId },
      });
    });
  });
}
