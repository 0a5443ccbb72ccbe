import type { ActionFunctionArgs } from "@remix-run/node";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { checkEnrolmentCode } from "~/auth/enrolment-codes.server";
import { CeremonyError, completeRegistration, registrationOptions } from "~/auth/passkey-ceremonies.server";
import { requireRecentPasskey } from "~/auth/step-up.server";
import { registrationResponseSchema } from "~/auth/webauthn-schemas";
import { db } from "~/db.server";
import { ensureSession, startSignedInSession } from "~/session/session.server";
import { parseJsonBody, problem } from "~/validation/json-body.server";

const body = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("options"),
    email: z.string().trim().email().max(254).optional(),
    code: z.string().trim().min(1).max(32).optional(),
  }),
  z.object({ intent: z.literal("verify"), response: registrationResponseSchema }),
]);

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const input = await parseJsonBody(request, body);
  const session = await ensureSession(request, context);
  const actor = { ip: context.ip, userAgent: context.userAgent };

  if (input.intent === "options") {
    if (input.email && input.code) {
      const check = await checkEnrolmentCode(input.email, input.code, actor);
      if (!check.ok) {
        const message = check.reason === "rate_limited" ? "Too many attempts. Please wait and try again." : "That email and code don't match an active enrolment code.";
        return Response.json({ message, field: "code" }, { status: check.reason === "rate_limited" ? 429 : 400 });
      }
      const person = await db().selectFrom("users").select(["id", "display_name"]).where("id", "=", check.userId).executeTakeFirstOrThrow();
      return Response.json({ options: await registrationOptions(session.id, { id: person.id, displayName: person.display_name }, check.codeId) });
    }
    // Adding another passkey to a signed-in account needs a fresh confirmation with an existing one.
    const current = await requireRecentPasskey(args, "add a passkey");
    return Response.json({ options: await registrationOptions(current.id, current.user) });
  }

  try {
    const { userId } = await completeRegistration(session.id, input.response as RegistrationResponseJSON, actor);
    if (session.user?.id === userId) return Response.json({ redirectTo: "/security/passkeys" });
    await startSignedInSession(request, context, userId);
    return Response.json({ redirectTo: "/security/passkeys?enrolled=1" });
  } catch (error) {
    if (error instanceof CeremonyError) return Response.json({ message: error.message }, { status: 400 });
    throw error instanceof Response ? error : problem(400, "Registration failed");
  }
}
