import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import { isDatabaseUnavailable } from "../../db/errors";
import { DomainError } from "~/errors/domain-error";
import { getSession } from "~/session/session.server";
import { recordRefusedRequest } from "./refused-requests.server";
import { checkCsrfToken, checkRequestOrigin } from "./csrf.server";
import { withCheckedFormBody } from "./form-body.server";
import { forbidden, requirePermission } from "./guards.server";
import { domainErrorResponse } from "./http-errors.server";
import type { RoutePolicy } from "./route-policy";

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown;

export interface EnforcementOptions {
  production: boolean;
  /** expose the benchmark's yardstick routes even in production */
  benchRoutes?: boolean;
  log: (entry: Record<string, unknown>) => void;
}

function notFound(): Response {
  return new Response("Not Found", { status: 404, statusText: "Not Found" });
}

// Pages get the 503 page (root error boundary); the card network gets problem JSON saying when to retry.
function unavailable(request: Request): Response {
  return domainErrorResponse(new DomainError("unavailable", "Strongroom is briefly unavailable; nothing was changed. Try again shortly.", { retryAfterSeconds: 5 }), request);
}


async function authorize(policy: RoutePolicy | undefined, args: LoaderFunctionArgs, options: EnforcementOptions, routeId: string) {
  if (!policy) {
    options.log({ level: "error", msg: "route has no access policy; denied", routeId });
    throw forbidden();
  }
  switch (policy.access) {
    case "public":
    case "signed-request":
      return;
    case "development":
      if (options.production) throw notFound();
      return;
    case "benchmark":
      if (options.production && !options.benchRoutes) throw notFound();
      return;
    case "permission":
      try {
        await requirePermission(args, policy.permission);
      } catch (refusal) {
        if (refusal instanceof Response && refusal.status === 403) await recordRefusedRequest(args, "access.refused", { routeId, permission: policy.permission, method: args.request.method });
        throw refusal;
      }
      return;
  }
}

async function refuseForgery(args: ActionFunctionArgs, reason: string): Promise<never> {
  await recordRefusedRequest(args, "csrf.rejected", { reason });
  throw forbidden();
}

async function guardForgery(policy: RoutePolicy | undefined, args: ActionFunctionArgs) {
  if (policy && "csrf" in policy && policy.csrf?.exempt) return;
  const origin = checkRequestOrigin(args.request, args.context);
  if (!origin.ok) return refuseForgery(args, origin.reason);
  const token = await checkCsrfToken(args.request, await getSession(args.request, args.context), { preSignIn: policy?.access === "public" });
  if (!token.ok) return refuseForgery(args, token.reason);
}

async function mapFailure<T>(work: () => Promise<T>, request: Request, options: EnforcementOptions, routeId: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof DomainError) throw domainErrorResponse(error, request);
    if (isDatabaseUnavailable(error)) {
      const message = error instanceof Error ? `${error.message} ${String((error as { code?: unknown }).code ?? "")}` : String(error);
      options.log({ level: "error", msg: "database unavailable", routeId, error: message });
      throw unavailable(request);
    }
    throw error;
  }
}

/**
 * Wraps every loader and action of the server build so that no route can forget its
 * policy: the registry is consulted on every call, a route missing from it is denied,
 * every action is checked for cross-site forgery before it runs, and a body that is not
 * the form an action reads is a 4xx, not a 500.
 */
export function enforceRoutePolicies(
  build: ServerBuild,
  policies: Readonly<Record<string, RoutePolicy>>,
  options: EnforcementOptions,
): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [routeId, route] of Object.entries(build.routes)) {
    const policy = policies[routeId];
    const module = { ...route.module };
    const loader = route.module.loader as Handler | undefined;
    const action = route.module.action as Handler | undefined;
    if (loader) {
      module.loader = (args: LoaderFunctionArgs) =>
        mapFailure(async () => {
          await authorize(policy, args, options, routeId);
          return loader(args);
        }, args.request, options, routeId);
    }
    if (action) {
      module.action = (args: ActionFunctionArgs) =>
        mapFailure(async () => {
          await guardForgery(policy, args);
          await authorize(policy, args, options, routeId);
          return action({ ...args, request: withCheckedFormBody(args.request) });
        }, args.request, options, routeId);
    }
    routes[routeId] = { ...route, module } as (typeof routes)[string];
  }
  return { ...build, routes };
}
