import type { SubmissionResult } from "@conform-to/react";
import { requireRecentPasskey, stepUpValidUntil } from "~/auth/step-up.server";
import { stepUpRefusal } from "~/controls/request-actor.server";
import { db } from "~/db.server";
import type { RequestContext } from "~/edge/request-context";
import { isDomainError } from "~/errors/domain-error";
import { getSession } from "~/session/session.server";
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
  const session = await getSession(args.request, args.context);
  return {
    customer: { id: customer.id, displayName: customer.display_name },
    fields: fields.map((field) => ({ value: field, label: REVEAL_FIELD_LABELS[field] })),
    defaultField: fields.find((field) => field === asked) ?? fields[0]!,
    stepUpValidUntil: session ? stepUpValidUntil(session) : null,
  };
}

export interface RevealAnswer {
  reply: SubmissionResult<string[]>;
  revealed: { label: string; value: string; visibleForMs: number } | null;
}

/**
 * Validate the reason, insist on a passkey confirmation, then decrypt once. The answer is the
 * only place the clear value ever travels, and it is never cached.
 */
export async function revealAction(args: Args): Promise<{ status: number; answer: RevealAnswer }> {
  const staff = await requireStaff(args, "reveal:pii:any");
  const customerId = assertCustomerId(args.params.customerId);
  const submission = parseRevealForm(await args.request.formData());
  if (submission.status !== "success") return { status: 422, answer: { reply: submission.reply(), revealed: null } };
  try {
    await requireRecentPasskey(args, "reveal a customer's details");
  } catch (error) {
    const refusal = await stepUpRefusal(error);
    if (!refusal) throw error;
    return { status: 403, answer: { reply: submission.reply({ formErrors: ["Confirm the reveal with your passkey first (this needs JavaScript)."] }), revealed: null } };
  }
  const { field, reason, note } = submission.value;
  let revealed: Awaited<ReturnType<typeof revealField>>;
  try {
    revealed = await revealField(staff, { customerId, field, reason, note: note ?? "" });
  } catch (error) {
    if (!isDomainError(error, "confirmation_required")) throw error;
    return { status: 403, answer: { reply: submission.reply({ formErrors: [error.message] }), revealed: null } };
  }
  return {
    status: 200,
    answer: { reply: submission.reply({ resetForm: true }), revealed: { label: REVEAL_FIELD_LABELS[revealed.field], value: revealed.value, visibleForMs: REVEAL_VISIBLE_MS } },
  };
}
