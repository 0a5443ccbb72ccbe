import type { ActionFunctionArgs } from "@remix-run/node";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { authenticationOptions } from "~/auth/passkey-ceremonies.server";
import { landingPath } from "~/auth/landing.server";
import { safeReturnPath } from "~/auth/safe-return-path";
import { signInWithPasskey } from "~/auth/sign-in.server";
import { authenticationResponseSchema } from "~/auth/webauthn-schemas";
import { hitRateLimit } from "~/rate-limit/rate-limit.server";
import { ceremonyBinding } from "~/session/pre-sign-in.server";
import { parseJsonBody, problem } from "~/validation/json-body.server";

const body = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("options") }),
  z.object({ intent: z.literal("verify"), response: authenticationResponseSchema, returnTo: z.string().max(2048).optional() }),
]);

/** Per address, generous for people (the page asks once for autofill and once per button press). */
const OPTIONS_PER_ADDRESS = { limit: 60, windowMs: 10 * 60 * 1000 };

/**
 * Passkey sign-in. Issuing options is the first request that stores anything for a visitor
 * (one challenge, bound to the browser's pre-sign-in cookie), so it is rate-limited.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const input = await parseJsonBody(request, body);
  const binding = await ceremonyBinding(request, context);
  if (!binding) throw problem(400, "Sign-in expired", "Please reload the page and try again.");
  if (input.intent === "options") {
    const limit = await hitRateLimit(`passkey-options:ip:${context.ip}`, OPTIONS_PER_ADDRESS);
    if (!limit.allowed) throw problem(429, "Too many sign-in attempts", "Please wait a few minutes and try again.");
    return Response.json({ options: await authenticationOptions(binding) });
  }
  const result = await signInWithPasskey(request, context, binding, input.response as AuthenticationResponseJSON);
  if (!result.ok) return Response.json({ message: result.message, ...(result.unknownCredential ? { unknownCredential: true } : {}) }, { status: result.status });
  // Each person lands where their role works; a return path is kept only when they may open it.
  return Response.json({ redirectTo: landingPath(result.session.user?.permissions ?? [], safeReturnPath(input.returnTo, "")) });
}
