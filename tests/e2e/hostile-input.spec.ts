import http from "node:http";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import type { DatabaseHandle } from "../../db/connection";
import { SESSION_COOKIE } from "../../app/session/session-cookie.server";
import { discoverRoutes } from "../support/route-discovery";
import { expectFullHeaderSet } from "./hardened-headers";
import { expect, test } from "./fixtures";

// #9 §2: hostile or malformed input never gets a 5xx or a bare response.
const ROUTES = discoverRoutes();
const ACTIONS = ROUTES.filter((route) => route.hasAction);
const FORGED: { name: string; headers: Record<string, string> }[] = [
  // What Remix's own check looks at (it used to throw, a 500, before our refusal could answer).
  { name: "a foreign Origin", headers: { Origin: "https://evil.test" } },
  { name: "Sec-Fetch-Site cross-site", headers: { Origin: "https://evil.test", "Sec-Fetch-Site": "cross-site" } },
  { name: "Origin null", headers: { Origin: "null", "Sec-Fetch-Site": "cross-site" } },
];

async function csrfRefusals(database: DatabaseHandle): Promise<number> {
  const rows = await database.db.selectFrom("audit_log").select("seq").where("action", "=", "csrf.rejected").execute();
  return rows.length;
}

async function expectRefusedPage(response: APIResponse, where: string, hasPage: boolean) {
  expect(response.status(), where).toBe(403);
  expectFullHeaderSet(response.headers(), where);
  // A page route answers the 403 page; a resource route a bare 403. Neither says why.
  if (hasPage) expect(await response.text(), where).toMatch(/<h1[^>]*>You don(&#x27;|')t have access to this page<\/h1>/);
}

test.describe("cross-site POSTs", () => {
  test("discovery finds every action route", () => {
    // A floor, not the list: the sweep below covers whatever app/routes holds.
    expect(ACTIONS.map((route) => route.id)).toEqual(expect.arrayContaining(["routes/cards.$cardId", "routes/cards.$cardId_.controls", "routes/security.passkeys", "routes/sign-out", "routes/editor.new", "routes/staff.customers.$customerId"]));
  });

  test("a cross-site POST to every action answers our audited 403 page, signed in or not", async ({ page, signInAs, request, database }) => {
    test.setTimeout(90_000);
    await signInAs("alice@example.com");
    const before = await csrfRefusals(database);
    let refused = 0;
    for (const [who, client] of [["alice", page.request], ["anonymous", request]] as [string, APIRequestContext][]) {
      for (const route of ACTIONS) {
        for (const forged of FORGED) {
          const where = `${who}: POST ${route.url} (${route.id}) with ${forged.name}`;
          const response = await client.post(route.url, { form: { intent: "freeze", _csrf: "guess" }, headers: forged.headers, maxRedirects: 0 });
          if (route.csrfExempt) {
            // Not browsers' routes: they answer on their own terms (a signature, a report), never 5xx.
            expect(response.status(), where).toBeGreaterThanOrEqual(400);
            expect(response.status(), where).toBeLessThan(500);
            expectFullHeaderSet(response.headers(), where);
            continue;
          }
          await expectRefusedPage(response, where, route.hasPage);
          refused += 1;
        }
      }
    }
    expect(refused).toBeGreaterThan(20);
    // Every refusal is on record, before any route ran.
    expect((await csrfRefusals(database)) - before).toBe(refused);
  });

  test("the single-fetch data endpoint refuses a cross-site action the same way", async ({ page, signInAs }) => {
    await signInAs("alice@example.com");
    for (const route of ACTIONS.filter((candidate) => candidate.hasPage)) {
      const response = await page.request.post(`${route.url}.data`, { form: { intent: "freeze" }, headers: { Origin: "https://evil.test" }, maxRedirects: 0 });
      expect(response.status(), route.url).toBe(403);
      expectFullHeaderSet(response.headers(), `${route.url}.data`);
    }
  });
});

test.describe("malformed input over every route", () => {
  const MALFORMED: { name: string; send: (client: APIRequestContext, url: string) => Promise<APIResponse>; status: number | ((url: string) => number) }[] = [
    { name: "a path that is not valid percent-encoding", send: (client, url) => client.get(`${url.replace(/\/$/, "")}/%E0%A4%A`), status: 400 },
    { name: "a ?_data request", send: (client, url) => client.get(`${url}?_data=root`, { maxRedirects: 0 }), status: 400 },
    { name: "a ?_data action", send: (client, url) => client.post(`${url}?_data=${encodeURIComponent("routes/sign-out")}`, { form: { a: "b" }, maxRedirects: 0 }), status: 400 },
    { name: "a body over the ceiling", send: (client, url) => client.post(url, { data: "x".repeat(2 * 1024 * 1024 + 1), headers: { "Content-Type": "application/x-www-form-urlencoded" }, maxRedirects: 0 }), status: 413 },
    { name: "a compressed body", send: (client, url) => client.post(url, { data: "x", headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Encoding": "gzip" }, maxRedirects: 0 }), status: 415 },
    { name: "PROPFIND", send: (client, url) => client.fetch(url, { method: "PROPFIND", maxRedirects: 0 }), status: 405 },
  ];
  for (const { name, send, status } of MALFORMED) {
    test(`${name} is a 4xx with the full header set on every route`, async ({ request }) => {
      test.setTimeout(60_000);
      for (const route of ROUTES) {
        const response = await send(request, route.url);
        const where = `${name}: ${route.url} (${route.id})`;
        expect(response.status(), where).toBe(typeof status === "number" ? status : status(route.url));
        expectFullHeaderSet(response.headers(), where);
        const body = await response.text();
        expect(body, where).not.toMatch(/\bat [\w.<>]+ \(|node_modules/);
        // Our refusal, not the framework's: no route ids or framework wording.
        expect(body, where).not.toMatch(/routes\/|Invalid request method/);
      }
    });
  }

  test("wrong methods and bodies an action cannot read are 4xx, never 5xx, signed in with a valid token", async ({ page, signInAs }) => {
    test.setTimeout(90_000);
    await signInAs("alice@example.com");
    await page.goto("/security");
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const sameOrigin = { Origin: new URL(page.url()).origin, "Sec-Fetch-Site": "same-origin", "X-CSRF-Token": token };
    const bodies: { name: string; headers: Record<string, string>; data: string | Buffer }[] = [
      { name: "text/plain", headers: { "Content-Type": "text/plain" }, data: "intent=freeze" },
      { name: "JSON to a form", headers: { "Content-Type": "application/json" }, data: "{" },
      { name: "multipart without a boundary", headers: { "Content-Type": "multipart/form-data" }, data: "--x\r\n" },
      { name: "no Content-Type", headers: {}, data: Buffer.from([0xff, 0xfe, 0x25]) },
      { name: "a form that is not UTF-8", headers: { "Content-Type": "application/x-www-form-urlencoded" }, data: Buffer.from([0x25, 0xff, 0xfe, 0x3d, 0x25]) },
    ];
    for (const route of ACTIONS.filter((candidate) => !candidate.csrfExempt)) {
      for (const body of bodies) {
        const response = await page.request.post(route.url, { headers: { ...sameOrigin, ...body.headers }, data: body.data, maxRedirects: 0 });
        const where = `${body.name} to ${route.url} (${route.id})`;
        expect(response.status(), where).toBeLessThan(500);
        expectFullHeaderSet(response.headers(), where);
      }
      for (const method of ["PUT", "PATCH", "DELETE", "OPTIONS"]) {
        const response = await page.request.fetch(route.url, { method, headers: sameOrigin, maxRedirects: 0 });
        expect(response.status(), `${method} ${route.url}`).toBeLessThan(500);
        expectFullHeaderSet(response.headers(), `${method} ${route.url}`);
      }
    }
  });

  test("junk session cookies are no session: the answer an anonymous visitor gets, on every route", async ({ playwright, baseURL, database }) => {
    test.setTimeout(90_000);
    const { sealSessionId } = await import("../../app/session/session-cookie.server");
    const sealed = await sealSessionId(crypto.randomUUID());
    void database;
    const junk = ["%%%", "%E0%A4%A", "Fe26.2**junk", `${sealed}junk`, `${sealed}~junk`, `"${"x".repeat(4000)}"`];
    const anonymous = await playwright.request.newContext({ baseURL });
    for (const value of junk) {
      const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Cookie: `${SESSION_COOKIE}=${value}` } });
      for (const route of ROUTES.filter((candidate) => candidate.hasPage)) {
        const expected = (await anonymous.get(route.url, { maxRedirects: 0 })).status();
        const response = await client.get(route.url, { maxRedirects: 0 });
        const where = `cookie ${value.slice(0, 40)} on ${route.url}`;
        expect(response.status(), where).toBe(expected);
        expectFullHeaderSet(response.headers(), where);
      }
      await client.dispose();
    }
    await anonymous.dispose();
  });

  test("a sealed session with junk appended is not that session", async ({ page, signInAs, baseURL }) => {
    await signInAs("alice@example.com");
    const cookie = (await page.context().cookies()).find((candidate) => candidate.name === SESSION_COOKIE)!;
    for (const suffix of ["", "junk", "0", "~2", "*x"]) {
      const response = await page.request.get("/accounts", { headers: { Cookie: `${SESSION_COOKIE}=${cookie.value}${suffix}` }, maxRedirects: 0 });
      expect(response.status(), `suffix "${suffix}"`).toBe(suffix === "" ? 200 : 302);
      if (suffix !== "") expect(response.headers().location, `suffix "${suffix}"`).toMatch(new RegExp(`^(${baseURL})?/sign-in`));
    }
  });

  test("error pages Remix renders (400, 403, 404, 500, 503) carry the full header set too", async ({ request }) => {
    for (const status of [400, 403, 404, 500, 503]) {
      const response = await request.get(`/dev/errors/${status}`);
      expect(response.status()).toBe(status);
      expectFullHeaderSet(response.headers(), `/dev/errors/${status}`);
    }
  });

  test("a Host header that makes no URL is a 400 with the full header set", async ({ baseURL }) => {
    const url = new URL(baseURL!);
    for (const host of ["evil..example:99999", "[::1", "a b"]) {
      const answer = await new Promise<{ status: number; headers: Record<string, string> }>((resolve, reject) => {
        const sent = http.request({ host: url.hostname === "localhost" ? "127.0.0.1" : url.hostname, port: url.port, path: "/", headers: { Host: host } }, (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, headers: Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, String(value)])) });
        });
        sent.on("error", reject);
        sent.end();
      });
      expect(answer.status, host).toBe(400);
      expectFullHeaderSet(answer.headers, `Host: ${host}`);
    }
  });
});

test.describe("input that names something impossible", () => {
  test("an impossible trip date is a 422 with the field's own message", async ({ page, signInAs }) => {
    await signInAs("alice@example.com");
    await page.goto("/accounts");
    const controls = `${await page.locator('a[href^="/cards/"]').first().getAttribute("href")}/controls`;
    await page.goto(controls);
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const origin = new URL(page.url()).origin;
    for (const [start, message] of [
      ["2026-13-45", "Enter the first day of your trip as a real date: 2026-13-45 is not a day of the calendar"],
      ["2027-02-30", "Enter the first day of your trip as a real date: 2027-02-30 is not a day of the calendar"],
      ["tomorrow", "Enter the first day of your trip as a date, like 2026-12-20"],
    ]) {
      const response = await page.request.post(controls, {
        form: { _csrf: token, intent: "add-trip", tripCountries: "ES", tripStart: start!, tripEnd: "2026-12-20" },
        headers: { Origin: origin, "Sec-Fetch-Site": "same-origin" },
        maxRedirects: 0,
      });
      expect(response.status(), start).toBe(422);
      expectFullHeaderSet(response.headers(), `trip starting ${start}`);
      expect(await response.text(), start).toContain(message);
    }
  });

  test("a page past the end of the transactions is the last page, never 'Page 999 of 7'", async ({ page, signInAs }) => {
    await signInAs("alice@example.com");
    await page.goto("/accounts");
    const account = await page.locator('a[href^="/accounts/"]').first().getAttribute("href");
    const response = await page.goto(`${account}?page=999`);
    expect(response?.status()).toBe(200);
    await expect(page.getByText(/Page 999 of/)).toHaveCount(0);
    const summary = await page.getByText(/transactions?\. Page \d+ of \d+\./).textContent();
    const [, shown, of] = /Page (\d+) of (\d+)/.exec(summary ?? "")!;
    expect(shown).toBe(of);
  });
});
