import { developmentOnly, publicRoute, requires, type RoutePolicy } from "./route-policy";

/**
 * Who may use each route, keyed by Remix route id. A route missing here is denied at
 * run time, and tests/integration/route-policies.test.ts fails the build.
 */
export const routePolicies: Readonly<Record<string, RoutePolicy>> = {
  root: publicRoute(),
  "routes/_index": publicRoute(),
  "routes/$": publicRoute(),
  "routes/sign-in": publicRoute(),
  "routes/sign-out": requires("manage:session:own"),
  "routes/csp-report": { access: "public", csrf: { exempt: "browsers send violation reports without our token; the body is size-capped and rate-limited" } },
  "routes/accounts._index": requires("read:account:own"),
  "routes/accounts.$accountId": requires("read:account:own"),
  "routes/accounts.$accountId_.transactions[.]csv": requires("read:account:own"),
  "routes/cards.$cardId": requires("read:card:own"),
  "routes/cards.$cardId_.controls": requires("update:controls:own"),
  "routes/security._index": requires("manage:passkey:own"),
  "routes/security.guides._index": publicRoute(),
  "routes/security.guides.$slug": publicRoute(),
  "routes/staff._index": requires("read:customer:any"),
  "routes/staff.customers.$customerId": requires("read:customer:any"),
  "routes/staff.customers.$customerId_.reveal": requires("reveal:pii:any"),
  "routes/editor._index": requires("draft:guide:any"),
  "routes/editor.new": requires("draft:guide:any"),
  "routes/editor.$slug._index": requires("draft:guide:any"),
  "routes/editor.$slug.history": requires("draft:guide:any"),
  "routes/dev.errors.$status": developmentOnly(),
  "routes/dev.outbox": developmentOnly(),
  "routes/dev.simulator": developmentOnly(),
  "routes/dev.bench.hello": { access: "benchmark" },
  "routes/dev.bench.json": { access: "benchmark" },
  "routes/enrol": publicRoute(),
  "routes/webauthn.authenticate": publicRoute(),
  "routes/webauthn.register": publicRoute(),
  "routes/api.v1.authorizations": {
    access: "signed-request",
    csrf: { exempt: "the card network is not a browser: every request is HMAC-signed, time-boxed and replay-checked instead" },
  },
  "routes/security.passkeys": requires("manage:passkey:own"),
  "routes/security.sessions": requires("manage:session:own"),
  "routes/security.activity": requires("read:activity:own"),
  "routes/security.activity_.$seq.proof": requires("read:activity:own"),
  "routes/[.]well-known.strongroom-audit-key": publicRoute(),
  "routes/session.keep-alive": requires("manage:session:own"),
};
