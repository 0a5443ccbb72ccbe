import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { appendAudit } from "~/audit/audit-log.server";
import { db } from "~/db.server";
import type { RequestContext } from "~/edge/request-context";
import { hitRateLimit } from "~/rate-limit/rate-limit.server";
import { startSignedInSession, type CurrentSession } from "~/session/session.server";
import { deviceLabel } from "./devices.server";
import { sendNotice } from "./outbox.server";
import { CeremonyError, completeAuthentication } from "./passkey-ceremonies.server";
import { findPasskey } from "./passkeys.server";

export type SignInResult = { ok: true; session: CurrentSession } | { ok: false; status: 400 | 429; message: string };

// One message for every failure: it must not tell an attacker which part was wrong.
const GENERIC_FAILURE = "We couldn't sign you in with that passkey. Please try again.";

async function isNewDevice(userId: string, userAgent: string): Promise<boolean> {
  const label = deviceLabel(userAgent);
  const previous = await db().selectFrom("sessions").select("user_agent").where("user_id", "=", userId).limit(200).execute();
  return !previous.some((session) => deviceLabel(session.user_agent) === label);
}

export async function signInWithPasskey(
  request: Request,
  context: RequestContext,
  /** what the sign-in challenge was bound to (app/session/pre-sign-in.server.ts ceremonyBinding) */
  binding: string,
  response: AuthenticationResponseJSON,
): Promise<SignInResult> {
  const actor = { ip: context.ip, userAgent: context.userAgent };
  const perIp = await hitRateLimit(`sign-in:ip:${context.ip}`, { limit: 30, windowMs: 10 * 60 * 1000 });
  const perCredential = await hitRateLimit(`sign-in:credential:${response.id.slice(0, 128)}`, { limit: 10, windowMs: 10 * 60 * 1000 });
  const known = await findPasskey(response.id);
  if (!perIp.allowed || !perCredential.allowed) {
    await appendAudit({ actorId: null, actorRole: null, action: "sign_in.rate_limited", subjectType: known ? "user" : null, subjectId: known?.user_id ?? null, ...actor });
    return { ok: false, status: 429, message: "Too many sign-in attempts. Please wait a few minutes and try again." };
  }
  try {
    const { userId } = await completeAuthentication(binding, response, actor);
    const newDevice = await isNewDevice(userId, context.userAgent);
    const signedIn = await startSignedInSession(request, context, userId);
    await appendAudit({
      actorId: userId,
      actorRole: signedIn.user?.roles[0] ?? null,
      action: "sign_in.succeeded",
      subjectType: "user",
      subjectId: userId,
      details: { device: deviceLabel(context.userAgent), newDevice },
      ...actor,
    });
    if (newDevice) {
      await sendNotice(userId, "New sign-in to Strongroom", `Someone signed in to your account from ${deviceLabel(context.userAgent)}. If this wasn't you, sign out everywhere and call the number on the back of your card.`);
    }
    return { ok: true, session: signedIn };
  } catch (error) {
    const code = error instanceof CeremonyError ? error.code : "verification_failed";
    await appendAudit({
      actorId: null,
      actorRole: null,
      action: "sign_in.failed",
      subjectType: known ? "user" : null,
      subjectId: known?.user_id ?? null,
      details: { reason: code },
      ...actor,
    });
    return { ok: false, status: 400, message: GENERIC_FAILURE };
  }
}
