import fs from "node:fs";
import path from "node:path";
import { routePolicies } from "../../app/access/route-policies";

const ROUTES_DIR = path.resolve("app/routes");
const ROUTE_FILE = /\.(tsx|ts|jsx|js)$/;

/** Remix flat routes: a file, or a folder holding route.tsx, is one route. */
function routeFiles(): { id: string; file: string }[] {
  const found: { id: string; file: string }[] = [];
  for (const entry of fs.readdirSync(ROUTES_DIR, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    if (entry.isDirectory()) {
      const main = fs.readdirSync(path.join(ROUTES_DIR, entry.name)).find((name) => /^route\.(tsx|ts|jsx|js)$/.test(name));
      if (main) found.push({ id: `routes/${entry.name}`, file: path.join(ROUTES_DIR, entry.name, main) });
    } else if (ROUTE_FILE.test(entry.name) && !/\.test\.[tj]sx?$/.test(entry.name)) {
      found.push({ id: `routes/${entry.name.replace(ROUTE_FILE, "")}`, file: path.join(ROUTES_DIR, entry.name) });
    }
  }
  return found;
}

const exportsPage = (source: string) => /export\s+default\b/.test(source);
const exportsLoader = (source: string) => /export\s+(async\s+)?function\s+loader\b|export\s+const\s+loader\b/.test(source);

describe("route policies", () => {
  const routes = routeFiles();

  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThan(5);
  });

  it.each(routes)("$id declares who may use it", ({ id }) => {
    expect(routePolicies[id], `add "${id}" to app/access/route-policies.ts`).toBeDefined();
  });

  it.each(routes)("$id is enforced on the server (a protected page has a loader)", ({ id, file }) => {
    const policy = routePolicies[id];
    const source = fs.readFileSync(file, "utf8");
    // Policies run in the loader/action wrapper; a protected page without a loader would render unchecked.
    if (policy && policy.access !== "public" && policy.access !== "signed-request" && exportsPage(source)) {
      expect(exportsLoader(source), `${id} needs a loader`).toBe(true);
    }
  });

  it("has no policy for a route that no longer exists", () => {
    const ids = new Set(["root", ...routes.map((route) => route.id)]);
    expect(Object.keys(routePolicies).filter((id) => !ids.has(id))).toEqual([]);
  });

  it("exempts only machine or report endpoints from CSRF, each with a reason", () => {
    for (const [id, policy] of Object.entries(routePolicies)) {
      if ("csrf" in policy && policy.csrf) {
        expect(policy.csrf.exempt.length, id).toBeGreaterThan(20);
        expect(["routes/csp-report", "routes/api.v1.authorizations"]).toContain(id);
      }
    }
  });
});
