import { routePolicies } from "./route-policies";
import type { RoutePolicy } from "./route-policy";

/**
 * Which route policy a URL path falls under, read from the route ids themselves (Remix flat
 * routes: "staff.customers.$customerId" is /staff/customers/:customerId), so links and landing
 * pages are decided by the same registry the server enforces. Server-only: the root loader
 * tells the browser which links to show, and the registry never ships with the page.
 */

type Segment = { kind: "static"; text: string } | { kind: "param" } | { kind: "splat" };

function segmentsOf(routeId: string): Segment[] | null {
  if (!routeId.startsWith("routes/")) return null;
  // "[.]" is a literal dot inside one segment; park it on a private-use character while splitting.
  const name = routeId.slice("routes/".length).split("[.]").join("\uE000");
  const segments: Segment[] = [];
  for (const raw of name.split(".")) {
    const part = raw.split("\uE000").join(".");
    if (part === "_index" || (part.startsWith("_") && part.length > 1)) continue;
    const text = part.endsWith("_") ? part.slice(0, -1) : part;
    if (text === "$") segments.push({ kind: "splat" });
    else if (text.startsWith("$")) segments.push({ kind: "param" });
    else segments.push({ kind: "static", text });
  }
  return segments;
}

const ROUTES = Object.entries(routePolicies)
  .map(([id, policy]) => ({ id, policy, segments: segmentsOf(id) }))
  .filter((route): route is { id: string; policy: RoutePolicy; segments: Segment[] } => route.segments !== null);

function score(segments: Segment[], parts: string[]): number | null {
  let points = 0;
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i]!;
    if (segment.kind === "splat") return points;
    const part = parts[i];
    if (part === undefined) return null;
    if (segment.kind === "static") {
      if (segment.text !== part) return null;
      points += 3;
    } else {
      points += 2;
    }
  }
  return parts.length === segments.length ? points + 1 : null;
}

export interface PathMatch {
  routeId: string;
  policy: RoutePolicy;
  /** true when only the catch-all matched: the page does not exist */
  notFound: boolean;
}

export function policyForPath(pathname: string): PathMatch | null {
  let parts: string[];
  try {
    parts = pathname.split(/[?#]/)[0]!.split("/").filter(Boolean).map((part) => decodeURIComponent(part));
  } catch {
    return null;
  }
  let best: { id: string; policy: RoutePolicy; points: number; splat: boolean } | null = null;
  for (const route of ROUTES) {
    const points = score(route.segments, parts);
    if (points === null) continue;
    const splat = route.segments.some((segment) => segment.kind === "splat");
    if (!best || points > best.points || (points === best.points && best.splat && !splat)) best = { id: route.id, policy: route.policy, points, splat };
  }
  return best ? { routeId: best.id, policy: best.policy, notFound: best.splat } : null;
}

/** Whether someone holding these permissions would be let in (anonymous people hold none). */
export function mayOpen(pathname: string, permissions: ReadonlySet<string> | readonly string[]): boolean {
  const match = policyForPath(pathname);
  if (!match || match.notFound) return false;
  const held = permissions instanceof Set ? permissions : new Set(permissions as readonly string[]);
  if (match.policy.access === "public") return true;
  if (match.policy.access === "permission") return held.has(match.policy.permission);
  return false;
}
