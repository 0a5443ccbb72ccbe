import crypto from "node:crypto";
import { now } from "~/clock.server";
import { db, inWriteTransaction, type Db } from "~/db.server";
import { DomainError } from "~/errors/domain-error";
import { auditedStaffAction, auditStaffAction, requireCustomer, type StaffActor } from "./staff-actor.server";

/** A call nobody ends stops showing after an hour: the banner must never vouch for a stale call. */
export const CALL_MAX_MS = 60 * 60 * 1000;

export interface ActiveCall {
  id: string;
  staffId: string;
  /** first name only: what the customer hears on the phone */
  staffName: string;
  startedAt: string;
}

const firstName = (displayName: string) => displayName.trim().split(/\s+/)[0] ?? displayName;

/**
 * The call in progress with this customer, if any. The root loader asks on every page a
 * customer opens: one indexed look-up, no write.
 */
export async function activeCall(customerId: string, trx: Db = db()): Promise<ActiveCall | null> {
  const row = await trx
    .selectFrom("staff_calls")
    .innerJoin("users", "users.id", "staff_calls.staff_id")
    .select(["staff_calls.id", "staff_calls.staff_id", "staff_calls.started_at", "users.display_name"])
    .where("staff_calls.customer_id", "=", customerId)
    .where("staff_calls.ended_at", "is", null)
    .where("staff_calls.expires_at", ">", now().toISOString())
    .orderBy("staff_calls.started_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, staffId: row.staff_id, staffName: firstName(row.display_name), startedAt: row.started_at } : null;
}

/** "I'm on a call with this customer": the customer's portal shows a banner naming the agent while it lasts. */
export function startCall(actor: StaffActor, customerId: string): Promise<ActiveCall> {
  return auditedStaffAction(actor, "call.started", customerId, () =>
    inWriteTransaction(async (trx) => {
      await requireCustomer(trx, customerId);
      const current = await activeCall(customerId, trx);
      if (current?.staffId === actor.id) return current;
      if (current) throw new DomainError("conflict", `${current.staffName} is already on a call with this customer.`);
      const at = now();
      const call = { id: crypto.randomUUID(), staffId: actor.id, staffName: firstName(actor.displayName), startedAt: at.toISOString() };
      await trx
        .insertInto("staff_calls")
        .values({ id: call.id, customer_id: customerId, staff_id: actor.id, started_at: call.startedAt, expires_at: new Date(at.getTime() + CALL_MAX_MS).toISOString(), ended_at: null, ended_by: null })
        .execute();
      await auditStaffAction(actor, "call.started", customerId, { call: call.id, staffName: call.staffName }, trx);
      return call;
    }),
  );
}

/** Ends the call in progress; the banner disappears on the customer's next page. */
export function endCall(actor: StaffActor, customerId: string): Promise<void> {
  return auditedStaffAction(actor, "call.ended", customerId, () =>
    inWriteTransaction(async (trx) => {
      await requireCustomer(trx, customerId);
      const current = await activeCall(customerId, trx);
      if (!current) throw new DomainError("conflict", "There is no call in progress with this customer.");
      const ended = await trx
        .updateTable("staff_calls")
        .set({ ended_at: now().toISOString(), ended_by: actor.id })
        .where("id", "=", current.id)
        .where("ended_at", "is", null)
        .executeTakeFirst();
      if (Number(ended.numUpdatedRows) !== 1) throw new DomainError("conflict", "That call has already ended.");
      await auditStaffAction(actor, "call.ended", customerId, { call: current.id }, trx);
    }),
  );
}
