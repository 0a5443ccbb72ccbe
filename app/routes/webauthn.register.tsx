import type { ActionFunctionArgs } from "@remix-run/node";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { requireSession } from "~/access/guards.server";
import { confirmChange, confirmerOf } from "~/auth/change-confirmation.server";
import { checkEnrolmentCode } from "~/auth/enrolment-codes.server";
import { addPasskeyOptions, CeremonyError, completeRegistration, registrationOptions } from "~/auth/passkey-ceremonies.server";
import { personForPasskey } from "~/users/users.server";
import { registrationResponseSchema } from "~/auth/webauthn-schemas";
import { ceremonyBinding } from "~/session/pre-sign-in.server";
import { getSession, startSignedInSession } from "~/session/session.server";
import { parseJsonBody, problem } from "~/validation/json-body.server";

const body = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("options"),
    email: z.string().trim().email().max(254).optional(),
    code: z.string().trim().min(1).max(32).optional(),
    /** a passkey assertion confirming "add a passkey", when the first answer asked for one */
    confirmation: z.unknown().optional(),
  }),
  z.object({ intent: z.literal("verify"), response: registrationResponseSchema }),
]);

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const input = await parseJsonBody(request, body);
  const binding = await ceremonyBinding(request, context);
  if (!binding) throw problem(400, "Enrolment expired", "Please reload the page and try again.");
  const actor = { ip: context.ip, userAgent: context.userAgent };

  if (input.intent === "options") {
    if (input.email && input.code) {
      // Rate-limited per address inside; the only place a visitor's first row is written.
      const check = await checkEnrolmentCode(input.email, input.code, actor);
      if (!check.ok) {
        const message = check.reason === "rate_limited" ? "Too many attempts. Please wait and try again." : "That email and code don't match an active enrolment code.";
        return Response.json({ message, field: "code" }, { status: check.reason === "rate_limited" ? 429 : 400 });
      }
      return Response.json({ options: await registrationOptions(binding, await personForPasskey(check.userId), check.codeId) });
    }
    // Adding a passkey to a signed-in account is confirmed with an existing one, for exactly that;
    // without a confirmation the DomainError becomes a 403 carrying the passkey request.
    const session = await requireSession(args);
    const confirmed = await confirmChange(
      confirmerOf(session, context),
      { kind: "passkey.add", words: "Add a new passkey that can sign in to your Strongroom account", facts: { user: session.user.id } },
      { assertion: input.confirmation ?? null },
    );
    return Response.json({ options: await addPasskeyOptions(session.id, session.user, confirmed) });
  }

  try {
    const { userId } = await completeRegistration(binding, input.response as RegistrationResponseJSON, actor);
    if ((await getSession(request, context))?.user?.id === userId) return Response.json({ redirectTo: "/security/passkeys" });
    await startSignedInSession(request, context, userId);
    return Response.json({ redirectTo: "/security/passkeys?enrolled=1" });
  } catch (error) {
    if (error instanceof CeremonyError) return Response.json({ message: error.message }, { status: 400 });
    throw error instanceof Response ? error : problem(400, "Registration failed");
  }
}
