import type { Permission } from "./permissions";

export type RoutePolicy =
  /** anyone, signed in or not */
  | { access: "public"; csrf?: { exempt: string } }
  /** a signed-in person whose roles grant the permission */
  | { access: "permission"; permission: Permission }
  /** development and test only: answers 404 when NODE_ENV=production */
  | { access: "development" }
  /** the benchmark's bare yardstick routes: development, or production with BENCH_ROUTES=1 */
  | { access: "benchmark" }
  /** machine clients that authenticate each request by signature inside the route */
  | { access: "signed-request"; csrf: { exempt: string } };

export const publicRoute = (): RoutePolicy => ({ access: "public" });
export const requires = (permission: Permission): RoutePolicy => ({ access: "permission", permission });
export const developmentOnly = (): RoutePolicy => ({ access: "development" });
