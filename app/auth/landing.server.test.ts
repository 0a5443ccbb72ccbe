import { mayOpen, policyForPath } from "~/access/path-policy.server";
import { permissionsFor } from "~/access/permissions";
import type { Role } from "../../db/schema";
import { landingPath } from "./landing.server";

const of = (...roles: Role[]) => permissionsFor(roles);

describe("path policies", () => {
  it("resolves paths to the route ids that serve them", () => {
    expect(policyForPath("/staff")?.routeId).toBe("routes/staff._index");
    expect(policyForPath("/staff/customers/abc")?.routeId).toBe("routes/staff.customers.$customerId");
    expect(policyForPath("/staff/customers/abc/reveal?field=phone")?.routeId).toBe("routes/staff.customers.$customerId_.reveal");
    expect(policyForPath("/accounts/a1/transactions.csv")?.routeId).toBe("routes/accounts.$accountId_.transactions[.]csv");
    expect(policyForPath("/security/guides/what-we-never-ask")?.routeId).toBe("routes/security.guides.$slug");
    expect(policyForPath("/no/such/page")?.notFound).toBe(true);
  });

  it("lets in exactly the permissions the registry names", () => {
    expect(mayOpen("/staff", of("support"))).toBe(true);
    expect(mayOpen("/staff", of("customer"))).toBe(false);
    expect(mayOpen("/staff/customers/x/reveal", of("supervisor"))).toBe(true);
    expect(mayOpen("/staff/customers/x/reveal", of("admin"))).toBe(false);
    expect(mayOpen("/security/guides", [])).toBe(true);
    expect(mayOpen("/no/such/page", of("admin"))).toBe(false);
    expect(mayOpen("/%E0%A4%A", of("admin"))).toBe(false);
  });
});

describe("landing after sign-in", () => {
  it("sends each role where it works", () => {
    expect(landingPath(of("customer"))).toBe("/accounts");
    expect(landingPath(of("support"))).toBe("/staff");
    expect(landingPath(of("supervisor"))).toBe("/staff");
    expect(landingPath(of("editor"))).toBe("/editor");
    expect(landingPath(of("admin"))).toBe(mayOpen("/admin", of("admin")) ? "/admin" : "/security");
  });

  it("takes the first that applies for several roles", () => {
    expect(landingPath(of("editor", "customer"))).toBe("/accounts");
    expect(landingPath(of("editor", "support"))).toBe("/staff");
  });

  it("keeps a return path only when the person may open it", () => {
    expect(landingPath(of("customer"), "/security/activity")).toBe("/security/activity");
    expect(landingPath(of("support"), "/accounts")).toBe("/staff");
    expect(landingPath(of("customer"), "/staff/customers/x")).toBe("/accounts");
    expect(landingPath(of("customer"), "/")).toBe("/accounts");
  });

  it("never lands anyone on a page that refuses them", () => {
    const roleSets: Role[][] = [["customer"], ["support"], ["supervisor"], ["editor"], ["admin"], ["admin", "editor"], []];
    for (const roles of roleSets) expect(mayOpen(landingPath(of(...roles)), of(...roles)), roles.join("+")).toBe(true);
  });
});
