import type { Change, ConfirmChange } from "~/auth/change-confirmation.server";
import { decryptField } from "~/crypto/field-encryption.server";
import { db, inWriteTransaction } from "~/db.server";
import { DomainError } from "~/errors/domain-error";
import { formatCustomerNumber } from "~/users/masking";
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

/**
 * The reveal as the staff member confirms it with their passkey: who, which field, and why.
 * It names the customer by name and number, never by the value about to be shown.
 */
export function revealChange(request: RevealRequest, customer: { display_name: string; customer_number: string | null }): Change {
  return {
    kind: "pii.reveal",
    words: `Show the ${REVEAL_FIELD_LABELS[request.field]} of ${customer.display_name} (customer ${formatCustomerNumber(customer.customer_number)}) — reason: ${reasonText(request)}`,
    facts: { customer: request.customerId, field: request.field, reason: request.reason, note: request.note.trim() },
  };
}

/**
 * Decrypts one field for one staff member, once, after a passkey confirmation bound to this
 * exact reveal (customer, field and reason). The confirmation and the reveal's audit row (with
 * the reason, on the customer's own timeline) are written in the same transaction.
 */
export function revealField(actor: StaffActor, request: RevealRequest, confirm: ConfirmChange): Promise<{ value: string; field: RevealField }> {
  return auditedStaffAction(actor, "pii.revealed", request.customerId, async () => {
    const seen = await requireCustomer(db(), request.customerId);
    if (!(request.field === "email" ? seen.email_enc : seen.phone_enc)) throw new DomainError("not_found", `This customer has no ${REVEAL_FIELD_LABELS[request.field]} on file.`);
    const confirmed = await confirm(revealChange(request, seen));
    return inWriteTransaction(async (trx) => {
      const customer = await requireCustomer(trx, request.customerId);
      if (!confirmed.covers(revealChange(request, customer))) throw new DomainError("conflict", "The customer's record changed while you confirmed. Please reveal again.");
      const envelope = request.field === "email" ? customer.email_enc : customer.phone_enc;
      if (!envelope) throw new DomainError("not_found", `This customer has no ${REVEAL_FIELD_LABELS[request.field]} on file.`);
      const value = decryptField(envelope, request.field === "email" ? EMAIL_PURPOSE : PHONE_PURPOSE);
      await confirmed.record(trx);
      await auditStaffAction(actor, "pii.revealed", request.customerId, { field: request.field, reason: request.reason, reasonText: reasonText(request) }, trx);
      return { value, field: request.field };
    });
  });
}
