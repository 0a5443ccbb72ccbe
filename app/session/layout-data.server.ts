import { mayOpen } from "~/access/path-policy.server";
import type { RequestContext } from "~/edge/request-context";
import { activeCall } from "~/staff/verified-calls.server";
import { getSession, IDLE_TIMEOUT_MS } from "./session.server";

/**
 * What every page's layout needs from the server: who is signed in and which of the given
 * navigation paths the route registry lets them open, the page's CSRF token, the idle timeout,
 * and a verified call in progress. One server module for the root, so the browser bundle
 * carries one empty stand-in for it instead of one per module.
 */
export async function layoutData(request: Request, context: RequestContext, navigation: readonly string[]) {
  const session = await getSession(request, context);
  const signedIn = session?.user;
  const user = signedIn ? { displayName: signedIn.displayName, opens: navigation.filter((path) => mayOpen(path, signedIn.permissions)) } : null;
  // Only customers are called by support; one indexed look-up, no write.
  const call = signedIn?.permissions.has("read:account:own") ? await activeCall(signedIn.id) : null;
  return {
    user,
    csrfToken: session?.csrfToken ?? null,
    idleTimeoutMs: IDLE_TIMEOUT_MS,
    call: call ? { staffName: call.staffName, startedAt: call.startedAt } : null,
  };
}
