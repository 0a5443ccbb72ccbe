import type { ActionFunctionArgs } from "@remix-run/node";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { requireSession } from "~/access/guards.server";
import { authenticationOptions, completeAuthentication, CeremonyError } from "~/auth/passkey-ceremonies.server";
import { landingPath } from "~/auth/landing";
import { safeReturnPath } from "~/auth/safe-return-path";
import { signInWithPasskey } from "~/auth/sign-in.server";
import { markSteppedUp } from "~/auth/step-up.server";
import { authenticationResponseSchema } from "~/auth/webauthn-schemas";
import { ensureSession, getSession } from "~/session/session.server";
import { parseJsonBody, problem } from "~/validation/json-body.server";

const reason = z.string().max(80).optional();
const body = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("options"), purpose: z.enum(["sign-in", "step-up"]), reason }),
  z.object({
    intent: z.literal("verify"),
    purpose: z.enum(["sign-in", "step-up"]),
    response: authenticationResponseSchema,
    returnTo: z.string().max(2048).optional(),
    reason,
  }),
]);

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const input = await parseJsonBody(request, body);
  if (input.intent === "options") {
    if (input.purpose === "sign-in") {
      const session = await ensureSession(request, context);
      return Response.json({ options: await authenticationOptions(session.id, "authenticate") });
    }
    const session = await requireSession(args);
    return Response.json({ options: await authenticationOptions(session.id, "step-up", session.user.id) });
  }
  const response = input.response as AuthenticationResponseJSON;
  if (input.purpose === "sign-in") {
    const session = await getSession(request, context);
    if (!session) throw problem(400, "Sign-in expired", "Please reload the page and try again.");
    const result = await signInWithPasskey(request, context, session, response);
    if (!result.ok) return Response.json({ message: result.message }, { status: result.status });
    // Each person lands where their role works; a return path is kept only when they may open it.
    return Response.json({ redirectTo: landingPath(result.session.user?.permissions ?? [], safeReturnPath(input.returnTo, "")) });
  }
  const session = await requireSession(args);
  try {
    await completeAuthentication(session.id, "step-up", response, { ip: context.ip, userAgent: context.userAgent });
  } catch (error) {
    const message = error instanceof CeremonyError && error.code === "wrong_user" ? "Use one of your own passkeys." : "We couldn't confirm it's you. Please try again.";
    return Response.json({ message }, { status: 400 });
  }
  await markSteppedUp(session, context, input.reason ?? "confirm a change");
  return Response.json({ ok: true });
}
