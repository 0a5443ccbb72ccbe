import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import type { PageOutcome } from "~/access/page-outcome.server";
import { auditActor } from "~/audit/audit-log.server";
import type { RequestContext } from "~/edge/request-context";
import { DomainError } from "~/errors/domain-error";
import type { FormReply } from "~/forms/reply-form";
import type { SignedInSession } from "~/session/session.server";
import { confirmationRequired, formConfirmer } from "./change-confirmation.server";
import type { ConfirmationRequired } from "./change-confirmation-fields";
import { listPasskeys, removePasskey, renamePasskey } from "./passkeys.server";

/** What the passkeys page's forms answer: a notice, the refused form's reply, and what to tell the device's passkey provider. */
export interface PasskeysAnswer {
  ok: boolean;
  message?: string;
  /** the refused rename, with the passkey it named, so the error sits beside that passkey's field */
  reply?: FormReply;
  signal?: "removed" | "renamed";
  /** after a removal, the passkeys still accepted (for the browser's Signal API) */
  accepted?: string[];
}

const passkeyId = z.string().min(1).max(1024);

const passkeysFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("rename"),
    passkeyId,
    name: z.string({ required_error: "Enter a name for this passkey" }).trim().min(1, "Enter a name for this passkey").max(60, "Use 60 characters or fewer"),
  }),
  z.object({ intent: z.literal("remove"), passkeyId }),
]);

const NO_SUCH_PASSKEY = "There is no such passkey on your account.";

/** Rename a passkey (instant: a name loosens nothing), or remove one (a loosening: it needs another passkey's confirmation). */
export async function changePasskeysFromForm(session: SignedInSession, context: RequestContext, form: FormData): Promise<PageOutcome<PasskeysAnswer | ConfirmationRequired>> {
  const submission = parseWithZod(form, { schema: passkeysFormSchema });
  if (submission.status !== "success") return { status: 400, body: { ok: false, reply: submission.reply({ hideFields: ["_csrf"] }) } };
  const input = submission.value;
  if (input.intent === "rename") {
    const audit = { ...auditActor(session.user, context), action: "passkey.renamed", subjectType: "user", subjectId: session.user.id, details: { passkey: input.passkeyId.slice(0, 12), name: input.name } };
    if (!(await renamePasskey(session.user.id, input.passkeyId, input.name, audit))) throw new DomainError("not_found", NO_SUCH_PASSKEY);
    return { status: 200, body: { ok: true, message: `Renamed to “${input.name}”.`, signal: "renamed" } };
  }
  let removed;
  try {
    const person = { userId: session.user.id, role: session.user.roles[0] ?? null, ip: context.ip, userAgent: context.userAgent };
    removed = await removePasskey(person, input.passkeyId, formConfirmer(session, context, form));
  } catch (error) {
    const ask = confirmationRequired(error);
    if (ask) return { status: 403, body: ask };
    throw error;
  }
  if (removed === "not_found") throw new DomainError("not_found", NO_SUCH_PASSKEY);
  if (removed === "last_passkey") return { status: 409, body: { ok: false, message: "You can't remove your only passkey. Add another one first." } };
  // Read after the removal, so the provider is told exactly the passkeys that still work.
  const accepted = (await listPasskeys(session.user.id)).map((passkey) => passkey.id);
  return { status: 200, body: { ok: true, message: "Passkey removed. It can no longer sign in to Strongroom.", signal: "removed", accepted } };
}
