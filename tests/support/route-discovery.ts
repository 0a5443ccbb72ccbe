import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { routePolicies } from "../../app/access/route-policies";

export interface DiscoveredRoute {
  id: string;
  /** a concrete URL for the route: each :param a fresh UUID, a splat "no/such/page" */
  url: string;
  hasAction: boolean;
  /** has a default export: answers with an HTML page rather than as a resource route */
  hasPage: boolean;
  /** the registry exempts it from the CSRF check (machine clients, browser reports) */
  csrfExempt: boolean;
}

const EXPORTS_ACTION = /^export\s+(?:async\s+)?function\s+action\b|^export\s+(?:const|let)\s+action\b|^export\s*\{[^}]*\baction\b[^}]*\}/m;
const EXPORTS_DEFAULT = /^export\s+default\b/m;

/**
 * Every route of app/routes, found the way Remix's compiler finds them (its own flat-routes
 * convention, the ignore patterns of remix.config.js), so a route added tomorrow is swept without
 * anyone listing it.
 */
export function discoverRoutes(): DiscoveredRoute[] {
  const appDirectory = path.resolve("app");
  const manifest = flatRoutes(appDirectory, ["**/.*", "**/*.test.{ts,tsx}"]);
  const fullPath = (id: string): string => {
    const route = manifest[id]!;
    const parent = route.parentId && route.parentId !== "root" ? fullPath(route.parentId) : "";
    return [parent, route.path ?? ""].filter(Boolean).join("/");
  };
  return Object.values(manifest).map((route) => {
    const source = fs.readFileSync(path.join(appDirectory, route.file), "utf8");
    const url = `/${fullPath(route.id)
      .split("/")
      .map((segment) => (segment === "*" ? "no/such/page" : segment.startsWith(":") ? crypto.randomUUID() : segment))
      .join("/")}`;
    const policy = routePolicies[route.id];
    return {
      id: route.id,
      url,
      hasAction: EXPORTS_ACTION.test(source),
      hasPage: EXPORTS_DEFAULT.test(source),
      csrfExempt: Boolean(policy && "csrf" in policy && policy.csrf?.exempt),
    };
  });
}
