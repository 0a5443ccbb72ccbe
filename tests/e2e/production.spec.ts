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
    expect(response.status()).toBeLessThan(600);
    expect(body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
  });
});
