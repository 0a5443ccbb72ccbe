import crypto from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import type { AuthorizationRow } from "../../db/schema";
import { enforceRoutePolicies } from "../../app/access/enforce-route-policies.server";
import { routePolicies } from "../../app/access/route-policies";
import { now } from "../../app/clock.server";
import { db } from "../../app/db.server";
import { startSignedInSession } from "../../app/session/session.server";
import { requestContext, requestWithCookie } from "./request-context";

/** One authorization row as the engine would have stored it; tests pick the parts that matter. */
export async function insertAuthorization(card: { cardId: string; accountId: string }, overrides: Partial<AuthorizationRow> = {}): Promise<string> {
  const id = overrides.id ?? crypto.randomUUID();
  await db()
    .insertInto("authorizations")
    .values({
      id,
      card_id: card.cardId,
      account_id: card.accountId,
      client_id: "test-network",
      idempotency_key: crypto.randomUUID(),
      request_hash: "test",
      created_at: now().toISOString(),
      amount_minor: 10_00,
      currency: "GBP",
      original_amount_minor: overrides.amount_minor ?? 10_00,
      original_currency: "GBP",
      merchant_name: "Corner Grocer",
      merchant_id: "m-grocer",
      mcc: "5411",
      country: "GB",
      channel: "in_store",
      outcome: "approved",
      reason: "approved",
      risk_score: 0,
      risk_level: "low",
      risk_signals: "[]",
      flagged: 0,
      customer_response: null,
      responded_at: null,
      ...overrides,
    })
    .execute();
  return id;
}

/** A minted sign-in: the session cookie and CSRF token a signed-in browser would hold. */
export async function signIn(userId: string) {
  const context = requestContext();
  const session = await startSignedInSession(new Request("http://localhost:3000/"), context, userId);
  return { cookie: context.cookies.at(-1), csrf: session.csrfToken, sessionId: session.id };
}

export type Signed = Awaited<ReturnType<typeof signIn>>;

export function getRequest(who: Signed, path: string): Request {
  return requestWithCookie(who.cookie, { url: `http://localhost:3000${path}` });
}

export function postRequest(who: Signed, path: string, fields: Record<string, string | string[]>): Request {
  const body = new URLSearchParams({ _csrf: who.csrf });
  for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(key, item);
  return requestWithCookie(who.cookie, {
    url: `http://localhost:3000${path}`,
    method: "POST",
    body,
    headers: { Origin: "http://localhost:3000", "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
  });
}

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>;

/** Real route modules behind the real policy registry, as the server runs them. */
export function routeHarness(modules: Record<string, Record<string, unknown>>) {
  const build = enforceRoutePolicies(
    { routes: Object.fromEntries(Object.entries(modules).map(([id, module]) => [id, { id, path: id, module }])) } as unknown as ServerBuild,
    routePolicies,
    { production: true, log: () => undefined },
  );
  return async (id: string, kind: "loader" | "action", request: Request, params: Record<string, string>, ip?: string): Promise<Described & { cookies: string[] }> => {
    const handler = build.routes[id]?.module[kind] as Handler | undefined;
    if (!handler) throw new Error(`${id} has no ${kind}`);
    const context = requestContext(ip ? { ip } : {});
    try {
      return { ...describe(await handler({ request, context, params })), cookies: context.cookies };
    } catch (thrown) {
      if (thrown instanceof Response) return { ...describe(thrown), cookies: context.cookies };
      throw thrown;
    }
  };
}

interface Described {
  status: number;
  body: unknown;
  location: string | null;
  /** the Response itself, when the route answered with one (e.g. problem JSON) */
  raw: Response | null;
}

function describe(result: unknown): Described {
  if (result instanceof Response) return { status: result.status, body: null, location: result.headers.get("Location"), raw: result };
  if (result && typeof result === "object" && (result as { type?: unknown }).type === "DataWithResponseInit") {
    const wrapped = result as { data: unknown; init: { status?: number } | null };
    return { status: wrapped.init?.status ?? 200, body: wrapped.data, location: null, raw: null };
  }
  return { status: 200, body: result, location: null, raw: null };
}
