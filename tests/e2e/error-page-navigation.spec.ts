import type { Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";

// #9 §5: leaving a 403 or 404 page by the router used to remount the document, and React's
// innerHTML for Remix's inline scripts, refused under Trusted Types, blanked it.
const ERROR_PAGES = [
  { name: "the 404 page, anonymous", who: null, path: "/no/such/page", status: 404, title: "Page not found" },
  { name: "the 404 page, signed in", who: "alice@example.com", path: "/no/such/page", status: 404, title: "Page not found" },
  { name: "the 403 page of a customer on the staff console", who: "alice@example.com", path: "/staff", status: 403, title: "You don't have access to this page" },
  { name: "the 403 page of support staff on a customer's page", who: "sam.support@example.com", path: "/accounts", status: 403, title: "You don't have access to this page" },
] as const;

const homeOf = (who: string | null) => (who === null ? /\/$/ : who.startsWith("sam.") ? /\/staff$/ : /\/accounts$/);

const WAYS_OUT = [
  {
    name: "a header link",
    leave: (page: Page) => page.getByRole("banner").getByRole("link", { name: "Security guides" }).click(),
    arrived: async (page: Page, _who: string | null) => {
      await expect(page).toHaveURL(/\/security\/guides$/);
      await expect(page.getByRole("heading", { level: 1, name: "Security guides" })).toBeVisible();
    },
    signedInOnly: false,
  },
  {
    name: '"Go to the home page"',
    leave: (page: Page) => page.getByRole("main").getByRole("link", { name: "Go to the home page" }).click(),
    arrived: async (page: Page, who: string | null) => {
      // Home is the pitch for a visitor; a signed-in person goes on to their own area.
      await expect(page).toHaveURL(homeOf(who));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(who === null ? "Banking that keeps you in control" : /\S/);
    },
    signedInOnly: false,
  },
  {
    name: "Sign out",
    leave: (page: Page) => page.getByRole("banner").getByRole("button", { name: "Sign out" }).click(),
    arrived: async (page: Page, _who: string | null) => {
      await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Banking that keeps you in control");
    },
    signedInOnly: true,
  },
];

for (const errorPage of ERROR_PAGES) {
  for (const way of WAYS_OUT) {
    if (way.signedInOnly && !errorPage.who) continue;
    test(`leaving ${errorPage.name} by ${way.name} renders the next page`, async ({ page, signInAs, cspViolations }) => {
      if (errorPage.who) await signInAs(errorPage.who);
      const response = await page.goto(errorPage.path);
      expect(response?.status()).toBe(errorPage.status);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(errorPage.title);
      // Only what happens from here on counts: the error page's own status is logged by the browser.
      await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      // A marker a full page load would wipe: the router, not the server, must make the move.
      await page.evaluate(() => ((window as unknown as { marker: string }).marker = "same-document"));

      await way.leave(page);
      await way.arrived(page, errorPage.who);

      expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("same-document");
      expect(await page.evaluate(() => document.body?.innerText.trim().length ?? 0)).toBeGreaterThan(100);
      await expect(page.getByRole("banner")).toBeVisible();
      await expect(page.getByRole("contentinfo")).toBeVisible();
      expect(errors).toEqual([]);
      expect(cspViolations).toEqual([]);
      await expectAccessible(page);

      // And the page after that still works the same way (the remounted document kept its router).
      await page.getByRole("banner").getByRole("link", { name: "Strongroom" }).click();
      await expect(page).toHaveURL(homeOf(way.signedInOnly ? null : errorPage.who));
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("same-document");
      expect(errors).toEqual([]);
    });
  }
}
