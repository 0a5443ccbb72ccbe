import { decryptField } from "~/crypto/field-encryption.server";
import { inWriteTransaction } from "~/db.server";
import { DomainError } from "~/errors/domain-error";
import { EMAIL_PURPOSE, PHONE_PURPOSE } from "~/users/users.server";
import { REVEAL_FIELD_LABELS, REVEAL_REASONS, type RevealField, type RevealReason } from "./reveal-options";
import { auditedStaffAction, auditStaffAction, requireCustomer, type StaffActor } from "./staff-actor.server";

export interface RevealRequest {
  customerId: string;
  field: RevealField;
  reason: RevealReason;
  /** free text; required when the reason is "other" */
  note: string;
}

/** The reason as the customer's timeline quotes it. */
export function reasonText(request: Pick<RevealRequest, "reason" | "note">): string {
  const note = request.note.trim();
  if (request.reason === "other") return note;
  return note ? `${REVEAL_REASONS[request.reason]} (${note})` : REVEAL_REASONS[request.reason];
}

/** The reveal in words, as the staff member confirms it with their passkey. */
export function describeReveal(request: RevealRequest, customerName: string): string {
  return `Show ${customerName}'s ${REVEAL_FIELD_LABELS[request.field]} — reason: ${reasonText(request)}`;
}

/**
 * Decrypts one field for one staff member, once. The audit row (with the reason, on the
 * customer's own timeline) is written in the same transaction, and the passkey confirmation
 * that allowed it is used up there too: the next reveal needs a new one.
 */
export function revealField(actor: StaffActor, request: RevealRequest): Promise<{ value: string; field: RevealField }> {
  return auditedStaffAction(actor, "pii.revealed", request.customerId, () =>
    inWriteTransaction(async (trx) => {
      const customer = await requireCustomer(trx, request.customerId);
      const envelope = request.field === "email" ? customer.email_enc : customer.phone_enc;
      if (!envelope) throw new DomainError("not_found", `This customer has no ${REVEAL_FIELD_LABELS[request.field]} on file.`);
      const value = decryptField(envelope, request.field === "email" ? EMAIL_PURPOSE : PHONE_PURPOSE);
      const consumed = await trx.updateTable("sessions").set({ step_up_at: null }).where("id", "=", actor.sessionId).where("step_up_at", "is not", null).executeTakeFirst();
      if (Number(consumed.numUpdatedRows) !== 1) throw new DomainError("confirmation_required", "Confirm this reveal with your passkey first.");
      await auditStaffAction(actor, "pii.revealed", request.customerId, { field: request.field, reason: request.reason, reasonText: reasonText(request) }, trx);
      return { value, field: request.field };
    }),
  );
}
