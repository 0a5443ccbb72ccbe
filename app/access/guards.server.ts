import { redirect } from "@remix-run/node";
import type { RequestContext } from "~/edge/request-context";
import { getSession, type SessionUser, type SignedInSession } from "~/session/session.server";
import type { Permission } from "./permissions";

interface GuardArgs {
  request: Request;
  context: RequestContext;
}

export function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  const returnTo = `${url.pathname.replace(/\.data$/, "")}${url.search}`;
  return redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

export async function requireSession({ request, context }: GuardArgs): Promise<SignedInSession> {
  const session = await getSession(request, context);
  if (!session?.user) throw signInRedirect(request);
  return session as SignedInSession;
}

export async function requireUser(args: GuardArgs): Promise<SessionUser> {
  return (await requireSession(args)).user;
}

export async function requirePermission(args: GuardArgs, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(args);
  if (!user.permissions.has(permission)) throw forbidden();
  return user;
}

export async function optionalUser({ request, context }: GuardArgs): Promise<SessionUser | null> {
  return (await getSession(request, context))?.user ?? null;
}
