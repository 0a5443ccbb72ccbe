import { now } from "~/clock.server";
import { lockCardForUpdate } from "~/cards/card-lock.server";
import { inWriteTransaction } from "~/db.server";
import { DomainError } from "~/errors/domain-error";
import { auditedStaffAction, auditStaffAction, requireCustomer, type StaffActor } from "./staff-actor.server";

/**
 * Support freezes or unfreezes a customer's card. The card is found through the customer
 * (ownership in the query), so another customer's card id is simply not found.
 */
export function setCardFrozenForCustomer(actor: StaffActor, customerId: string, cardId: string, frozen: boolean): Promise<"changed" | "unchanged"> {
  const action = frozen ? "staff.card_frozen" : "staff.card_unfrozen";
  return auditedStaffAction(actor, action, customerId, () =>
    inWriteTransaction(async (trx) => {
      await requireCustomer(trx, customerId);
      const card = await lockCardForUpdate(trx, { id: cardId, customerId }).select(["id", "status", "last4"]).executeTakeFirst();
      if (!card) throw new DomainError("not_found", "This customer has no such card.");
      if (card.status !== "active" && card.status !== "frozen") throw new DomainError("conflict", `This card is ${card.status} and can't be frozen or unfrozen.`);
      if ((card.status === "frozen") === frozen) return "unchanged";
      await trx.updateTable("cards").set({ status: frozen ? "frozen" : "active" }).where("id", "=", card.id).where("customer_id", "=", customerId).execute();
      await auditStaffAction(actor, action, customerId, { card: card.id, last4: card.last4 }, trx);
      return "changed";
    }),
  );
}

/** Ends every session the customer has, in the same transaction as its audit row. */
export function signCustomerOutEverywhere(actor: StaffActor, customerId: string): Promise<number> {
  return auditedStaffAction(actor, "staff.signed_out_everywhere", customerId, () =>
    inWriteTransaction(async (trx) => {
      await requireCustomer(trx, customerId);
      const result = await trx.updateTable("sessions").set({ revoked_at: now().toISOString() }).where("user_id", "=", customerId).where("revoked_at", "is", null).executeTakeFirst();
      const sessions = Number(result.numUpdatedRows);
      await auditStaffAction(actor, "staff.signed_out_everywhere", customerId, { sessions }, trx);
      return sessions;
    }),
  );
}
