import type { Page, Response } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";

function expectHardenedHeaders(response: Response | null) {
  expect(response).not.toBeNull();
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).toContain("require-trusted-types-for 'script'");
  expect(csp).toContain("report-uri /csp-report");
  expect(headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["cross-origin-resource-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(headers["x-powered-by"]).toBeUndefined();
}

async function expectNonceOnEveryScript(page: Page, response: Response | null) {
  const nonce = /'nonce-([^']+)'/.exec(response!.headers()["content-security-policy"] ?? "")?.[1];
  const scripts = await page.locator("script").evaluateAll((nodes) => nodes.map((node) => (node as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  for (const scriptNonce of scripts) expect(scriptNonce).toBe(nonce);
}

const PUBLIC_PAGES = ["/", "/sign-in", "/security/guides"];

test.describe("public pages", () => {
  for (const path of PUBLIC_PAGES) {
    test(`${path} is hardened, accessible and hydrates under the CSP`, async ({ page, cspViolations }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      expectHardenedHeaders(response);
      expect(response!.headers()["cache-control"]).toBe("no-store");
      await expectNonceOnEveryScript(page, response);
      await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
      await expectAccessible(page);
      expect(cspViolations).toEqual([]);
    });
  }

  test("client-side navigation works with Trusted Types required", async ({ page, cspViolations }) => {
    await page.goto("/");
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = "still-here"));
    await page.getByRole("link", { name: "Security guides" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Security guides" })).toBeVisible();
    // A full page load would have wiped the marker: this proves the router, not the server, navigated.
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("still-here");
    expect(cspViolations).toEqual([]);
  });

  test("an unknown route shows the 404 page", async ({ page }) => {
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    expectHardenedHeaders(response);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expectAccessible(page);
  });

  test("error pages say what happened and reveal nothing internal", async ({ page }) => {
    const titles: Record<number, string> = {
      400: "We couldn't understand that request",
      403: "You don't have access to this page",
      404: "Page not found",
      500: "Something went wrong on our side",
      503: "Strongroom is briefly unavailable",
    };
    for (const [status, title] of Object.entries(titles)) {
      const response = await page.goto(`/dev/errors/${status}`);
      expect(response?.status()).toBe(Number(status));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      const html = await page.content();
      expect(html).not.toContain("secret detail");
      expect(html).not.toContain("internal.ts");
      expect(html).not.toMatch(/\bat [\w.<>]+ \(/);
      await expectAccessible(page);
    }
  });

  test("a visitor on the sign-in page gets no session, only the pre-sign-in cookie: __Host-, HttpOnly, Secure, SameSite=Strict", async ({ page }) => {
    await page.goto("/sign-in");
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "__Host-strongroom")).toBeUndefined();
    expect(cookies.find((c) => c.name === "__Host-strongroom-pre")).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/" });
  });

  test("load balancer probes answer", async ({ request }) => {
    expect((await request.get("/healthz")).status()).toBe(200);
    const ready = await request.get("/readyz");
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  test("CSP violation reports are recorded, and oversized ones refused", async ({ request, database }) => {
    const report = {
      "csp-report": { "document-uri": "http://localhost/x", "violated-directive": "script-src-elem", "blocked-uri": "inline", "script-sample": "alert(1)" },
    };
    const accepted = await request.post("/csp-report", { data: JSON.stringify(report), headers: { "Content-Type": "application/csp-report" } });
    expect(accepted.status()).toBe(204);
    const stored = await database.db.selectFrom("csp_reports").select(["violated_directive", "sample"]).execute();
    expect(stored).toContainEqual({ violated_directive: "script-src-elem", sample: "alert(1)" });
    const huge = await request.post("/csp-report", { data: "x".repeat(20_000), headers: { "Content-Type": "application/csp-report" } });
    expect(huge.status()).toBe(413);
  });

  test("request bodies over the ceiling are refused at the edge, before any route reads them", async ({ request }) => {
    const body = "x".repeat(2 * 1024 * 1024 + 1);
    const page = await request.post("/sign-in", { data: body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(page.status()).toBe(413);
    expect(await page.text()).not.toMatch(/at .*\.js:\d+/);
    const api = await request.post("/api/v1/authorizations", { data: body, headers: { "Content-Type": "application/json" } });
    expect(api.status()).toBe(413);
    expect(api.headers()["content-type"]).toContain("application/problem+json");
    const compressed = await request.post("/api/v1/authorizations", { data: "{}", headers: { "Content-Type": "application/json", "Content-Encoding": "gzip" } });
    expect(compressed.status()).toBe(415);
  });
});

test.describe("signed-in areas", () => {
  const AREAS = [
    { email: "alice@example.com", paths: ["/accounts", "/security"] },
    { email: "sam.support@example.com", paths: ["/staff"] },
    { email: "erin.editor@example.com", paths: ["/editor"] },
  ];
  for (const { email, paths } of AREAS) {
    test(`${email} sees ${paths.join(", ")} with no-store`, async ({ page, signInAs, cspViolations }) => {
      await signInAs(email);
      for (const path of paths) {
        const response = await page.goto(path);
        expect(response?.status()).toBe(200);
        expectHardenedHeaders(response);
        expect(response!.headers()["cache-control"]).toBe("no-store");
        await expect(page.getByRole("banner").getByText("Signed in as")).toBeVisible();
        await expectAccessible(page);
      }
      expect(cspViolations).toEqual([]);
    });
  }

  test("navigation shows only the areas a role may use", async ({ page, signInAs }) => {
    await signInAs("alice@example.com");
    await page.goto("/");
    // The signed-in home is her own area, not the sign-in pitch.
    await expect(page).toHaveURL(/\/accounts$/);
    await expect(page.getByRole("heading", { level: 1, name: "Your accounts" })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Accounts" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Staff console" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Guide editor" })).toHaveCount(0);
  });

  test("warns before the idle timeout and lets the person stay signed in", async ({ page, signInAs }) => {
    await page.clock.install();
    await signInAs("alice@example.com");
    await page.goto("/accounts");
    // The warning's timers start after hydration; fast-forwarding before that would skip nothing.
    await page.locator("dialog[data-deadline]").waitFor({ state: "attached" });
    const warning = page.getByRole("dialog", { name: "You'll be signed out soon" });
    await expect(warning).toBeHidden();
    await page.clock.fastForward("13:05");
    await expect(warning).toBeVisible();
    await expectAccessible(page);
    const keepAlive = page.waitForResponse((response) => response.url().endsWith("/session/keep-alive"));
    await warning.getByRole("button", { name: "Stay signed in" }).click();
    expect((await keepAlive).status()).toBe(200);
    await expect(warning).toBeHidden();
    // Left alone for the full 15 minutes, the page goes to sign-in and says why.
    await page.clock.fastForward("15:05");
    await expect(page).toHaveURL(/\/sign-in\?expired=1$/);
    await expect(page.getByRole("status")).toContainText("signed out because you were inactive");
  });

  test("a customer on a staff page gets 403", async ({ page, signInAs }) => {
    await signInAs("alice@example.com");
    const response = await page.goto("/staff");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You don't have access to this page");
    await expectAccessible(page);
  });

  test("anonymous visitors are sent to sign in, with a safe return path", async ({ page }) => {
    await page.goto("/accounts");
    await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Faccounts$/);
  });

  test("a forged cross-site POST is refused with 403 and audited", async ({ page, signInAs, database }) => {
    await signInAs("alice@example.com");
    await page.goto("/");
    const before = await database.db.selectFrom("audit_log").select("seq").where("action", "=", "csrf.rejected").execute();
    const status = await page.evaluate(async () => {
      const response = await fetch("/sign-out", { method: "POST", body: new URLSearchParams({ _csrf: "guess" }) });
      return response.status;
    });
    expect(status).toBe(403);
    const forged = await page.request.post("/sign-out", { form: { _csrf: "x" }, headers: { Origin: "https://evil.test" } });
    expect(forged.status()).toBe(403);
    const after = await database.db.selectFrom("audit_log").select("seq").where("action", "=", "csrf.rejected").execute();
    expect(after.length).toBe(before.length + 2);
    // Still signed in: neither forgery did anything.
    await page.goto("/accounts");
    await expect(page.getByRole("banner").getByText("Signed in as")).toBeVisible();
  });

  test("signing out works with the form's token and ends the session", async ({ page, signInAs }) => {
    await signInAs("alice@example.com");
    await page.goto("/accounts");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await page.goto("/accounts");
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
