import type { SubmissionResult } from "@conform-to/react";
import { requireSession } from "~/access/guards.server";
import { confirmationRequired, formConfirmer } from "~/auth/change-confirmation.server";
import type { ConfirmationRequired } from "~/auth/change-confirmation-fields";
import { db } from "~/db.server";
import type { RequestContext } from "~/edge/request-context";
import { assertCustomerId } from "./customer-page-actions.server";
import { parseRevealForm } from "./reveal-form.server";
import { REVEAL_FIELD_LABELS, REVEAL_FIELDS, REVEAL_VISIBLE_MS, type RevealField } from "./reveal-options";
import { revealField } from "./reveal.server";
import { requireCustomer, requireStaff } from "./staff-actor.server";

interface Args {
  request: Request;
  context: RequestContext;
  params: { customerId?: string };
}

export async function revealPageData(args: Args) {
  await requireStaff(args, "reveal:pii:any");
  const customer = await requireCustomer(db(), assertCustomerId(args.params.customerId));
  const fields: RevealField[] = customer.phone_enc ? [...REVEAL_FIELDS] : ["email"];
  const asked = new URL(args.request.url).searchParams.get("field");
  return {
    customer: { id: customer.id, displayName: customer.display_name },
    fields: fields.map((field) => ({ value: field, label: REVEAL_FIELD_LABELS[field] })),
    defaultField: fields.find((field) => field === asked) ?? fields[0]!,
  };
}

export interface RevealAnswer {
  reply: SubmissionResult<string[]>;
  revealed: { label: string; value: string; visibleForMs: number } | null;
}

/**
 * Validate the reason, have the passkey confirm this exact reveal, then decrypt once. The answer
 * is the only place the clear value ever travels, and it is never cached.
 */
export async function revealAction(args: Args): Promise<{ status: number; answer: RevealAnswer | ConfirmationRequired }> {
  const staff = await requireStaff(args, "reveal:pii:any");
  const session = await requireSession(args);
  const customerId = assertCustomerId(args.params.customerId);
  const form = await args.request.formData();
  const submission = parseRevealForm(form);
  if (submission.status !== "success") return { status: 422, answer: { reply: submission.reply(), revealed: null } };
  const { field, reason, note } = submission.value;
  try {
    const revealed = await revealField(staff, { customerId, field, reason, note: note ?? "" }, formConfirmer(session, args.context, form));
    return {
      status: 200,
      answer: { reply: submission.reply({ resetForm: true }), revealed: { label: REVEAL_FIELD_LABELS[revealed.field], value: revealed.value, visibleForMs: REVEAL_VISIBLE_MS } },
    };
  } catch (error) {
    const ask = confirmationRequired(error);
    if (ask) return { status: 403, answer: ask };
    throw error;
  }
}
