import { z } from "zod";
import type { RequestContext } from "~/edge/request-context";
import { DomainError, isDomainError } from "~/errors/domain-error";
import { setCardFrozenForCustomer, signCustomerOutEverywhere } from "./customer-actions.server";
import { requireStaff } from "./staff-actor.server";
import { endCall, startCall } from "./verified-calls.server";

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("freeze"), card: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("unfreeze"), card: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("sign-out-everywhere") }),
  z.object({ intent: z.literal("start-call") }),
  z.object({ intent: z.literal("end-call") }),
]);

export interface CustomerActionResult {
  status: number;
  message: string;
  ok: boolean;
}

/**
 * One button on the customer page: validated, authorised for that button's permission, done
 * by one staff module, audited there. A refusal the person can act on comes back as words;
 * a stranger's or missing id stays a 404.
 */
export async function handleCustomerAction(
  args: { request: Request; context: RequestContext },
  customerId: string,
  formData: FormData,
): Promise<CustomerActionResult> {
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { status: 400, ok: false, message: "That request wasn't understood. Please reload the page and try again." };
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "freeze":
      case "unfreeze": {
        const staff = await requireStaff(args, "freeze:card:any");
        const outcome = await setCardFrozenForCustomer(staff, customerId, input.card, input.intent === "freeze");
        const verb = input.intent === "freeze" ? "frozen" : "unfrozen";
        return { status: 200, ok: true, message: outcome === "changed" ? `The card is ${verb}. The customer can see this on their security timeline.` : `The card was already ${verb}.` };
      }
      case "sign-out-everywhere": {
        const staff = await requireStaff(args, "revoke:session:any");
        const count = await signCustomerOutEverywhere(staff, customerId);
        return { status: 200, ok: true, message: `Signed the customer out of ${count} ${count === 1 ? "session" : "sessions"}. They sign in again with their passkey.` };
      }
      case "start-call": {
        const staff = await requireStaff(args, "read:customer:any");
        await startCall(staff, customerId);
        return { status: 200, ok: true, message: "The customer now sees a banner with your first name on every page of their portal. Ask them to check it." };
      }
      case "end-call": {
        const staff = await requireStaff(args, "read:customer:any");
        await endCall(staff, customerId);
        return { status: 200, ok: true, message: "Call ended. The banner is gone from the customer's portal." };
      }
    }
  } catch (error) {
    if (isDomainError(error) && error.code === "conflict") return { status: 409, ok: false, message: error.message };
    throw error;
  }
}

export function assertCustomerId(value: string | undefined): string {
  if (!value || value.length > 64) throw new DomainError("not_found", "There is no customer with that id.");
  return value;
}
