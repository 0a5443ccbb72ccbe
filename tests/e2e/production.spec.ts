import { FIRST_LOAD_BUDGET_BYTES, firstLoadJsByRoute } from "../support/first-load-js";
import { expect, expectAccessible, test } from "./fixtures";

test.describe("production build", () => {
  test("development-only routes do not exist", async ({ page }) => {
    for (const status of [400, 500]) {
      const response = await page.goto(`/dev/errors/${status}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
      expect(await page.content()).not.toContain("secret detail");
    }
  });

  test("pages carry the same hardening and stay accessible", async ({ page }) => {
    const response = await page.goto("/");
    expect(response?.headers()["content-security-policy"]).toContain("'strict-dynamic'");
    expect(response?.headers()["strict-transport-security"]).toContain("max-age=31536000");
    await expectAccessible(page);
  });

  test("a malformed data request gets a plain error, never a stack", async ({ request }) => {
    const response = await request.get("/accounts.data?_routes=%E0%A4%A", { maxRedirects: 0 });
    const body = await response.text();
    // Bad percent-encoding in the route list is the client's mistake: never a server error, and
    // whatever answers carries our headers.
    expect(response.status()).toBeLessThan(500);
    expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
  });

  test("every page's first-load JavaScript fits the 100 KB budget (gzip)", () => {
    const sizes = firstLoadJsByRoute();
    expect(sizes.size).toBeGreaterThan(30);
    const over = [...sizes].filter(([, bytes]) => bytes > FIRST_LOAD_BUDGET_BYTES).map(([routeId, bytes]) => `${routeId}: ${(bytes / 1024).toFixed(1)} KB`);
    expect(over).toEqual([]);
  });
});
