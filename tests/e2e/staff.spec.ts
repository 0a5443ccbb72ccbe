import crypto from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import type { Role } from "../../db/schema";
import { policyForPath } from "../../app/access/path-policy.server";
import { defaultCardSettings } from "../../app/controls/card-settings";
import { db } from "../../app/db.server";
import { createUser } from "../../app/users/users.server";
import { expect, expectAccessible, mintSignIn, test } from "./fixtures";
import { enrolledPerson } from "./enrolment";

const SHOTS = "tests/.artifacts";
const tag = () => Array.from(crypto.randomBytes(4), (byte) => String.fromCharCode(97 + (byte % 26))).join("");

/** A customer with a phone, an account and one card, named so a search finds only them. */
async function newCustomer() {
  const surname = `Ångström ${tag()}`;
  const email = `zoe.${crypto.randomUUID()}@example.com`;
  const userId = await createUser({ displayName: `Zoë ${surname}`, email, phone: "+44 7700 900555", roles: ["customer"] });
  const accountId = crypto.randomUUID();
  const now = new Date().toISOString();
  await db()
    .insertInto("accounts")
    .values({ id: accountId, customer_id: userId, kind: "current", name: "Everyday", currency: "GBP", balance_minor: 120_00, available_minor: 120_00, credit_limit_minor: null, number_last4: "7001", created_at: now })
    .execute();
  await db()
    .insertInto("cards")
    .values({ id: crypto.randomUUID(), account_id: accountId, customer_id: userId, token: `tok_e2e_${crypto.randomUUID()}`, last4: "6160", brand: "visa", name: "Debit card", expiry_month: 12, expiry_year: 2030, status: "active", settings: JSON.stringify(defaultCardSettings("GB")), usual_amount_minor: null, history_count: 0, known_countries: '["GB"]', has_used_online: 0, created_at: now })
    .execute();
  return { userId, email, name: `Zoë ${surname}`, surname };
}

const enrolled = (page: Page, roles: Role[], displayName = "Sam Test") => enrolledPerson(page, roles, displayName, "staff");

async function signInAgain(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/sign-in");
  const left = await page.waitForURL((url) => url.pathname !== "/sign-in", { timeout: 2_000 }).then(
    () => true,
    () => false,
  );
  // The autofill may finish while we reach for the button; either way the page leaves /sign-in.
  if (!left) await page.getByRole("button", { name: "Sign in with a passkey" }).click({ timeout: 5_000 }).catch(() => undefined);
  await page.waitForURL((url) => url.pathname !== "/sign-in");
}

async function customerBrowser(browser: Browser, baseURL: string | undefined, email: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await mintSignIn(page, String(baseURL), email);
  return { context, page };
}

test.describe("staff console", () => {
  // Several passkey ceremonies and axe passes per test; generous on a shared two-core machine.
  test.describe.configure({ timeout: 120_000 });
  const expectedLanding: [Role[], string][] = [
    [["customer"], "/accounts"],
    [["support"], "/staff"],
    [["supervisor"], "/staff"],
    [["editor"], "/editor"],
    // The admin area is another branch's work; until it exists, admins land on their security page.
    [["admin"], policyForPath("/admin")?.notFound ? "/security" : "/admin"],
    [["support", "customer"], "/accounts"],
  ];
  for (const [roles, landing] of expectedLanding) {
    test(`${roles.join(" + ")} signs in with a passkey and lands on ${landing}; no area in the header answers 403`, async ({ page }) => {
      await enrolled(page, roles);
      await signInAgain(page);
      expect(new URL(page.url()).pathname).toBe(landing);
      const hrefs = await page.getByRole("navigation", { name: "Main" }).getByRole("link").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
      for (const href of [...hrefs, landing]) {
        const response = await page.goto(href);
        expect(response?.status(), href).toBe(200);
      }
    });
  }

  test("keyboard only: search by name → customer page, masked, no axe violations", async ({ page, signInAs, cspViolations }) => {
    const customer = await newCustomer();
    await signInAs("sam.support@example.com");
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto("/staff");
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/staff-search.png`, fullPage: true });

    const search = page.getByLabel("Search for");
    for (let presses = 0; presses < 40 && !(await search.evaluate((element) => element === document.activeElement)); presses += 1) await page.keyboard.press("Tab");
    await expect(search).toBeFocused();
    // Case and accents folded: "ANGSTROM" finds "Ångström".
    await page.keyboard.type(customer.surname.replace("Å", "A").replace("ö", "o").toUpperCase());
    await page.keyboard.press("Enter");
    const result = page.getByRole("link", { name: customer.name });
    await expect(result).toBeVisible();
    await expect(page.getByRole("cell", { name: /^z•••@example\.com$/ })).toBeVisible();
    await expect(page.getByRole("cell", { name: "+44 •••• ••• 555" })).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/staff-search-results.png`, fullPage: true });

    for (let presses = 0; presses < 40 && !(await result.evaluate((element) => element === document.activeElement)); presses += 1) await page.keyboard.press("Tab");
    await expect(result).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: customer.name })).toBeVisible();
    await expect(page.getByText("•••• 6160").first()).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/staff-customer.png`, fullPage: true });

    // A wrong key gets its message next to the field and in the summary, with a 422.
    await page.goto("/staff");
    await page.getByRole("radio", { name: /Customer number/ }).check();
    await page.getByLabel("Search for").fill("12");
    const [answer] = await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), page.getByRole("button", { name: "Search" }).click()]);
    expect(answer.status()).toBe(422);
    await expect(page.getByRole("alert")).toContainText("eight-digit customer number");
    await expectAccessible(page);
    expect(cspViolations).toEqual([]);
  });

  test("reveal: reason + passkey shows the phone for 60 s, then hides it; the customer's timeline says so", async ({ page, signInAs, cspViolations }) => {
    const customer = await newCustomer();
    await enrolled(page, ["support"]);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`/staff/customers/${customer.userId}`);
    await page.getByRole("link", { name: "Reveal phone number" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Reveal a detail of ${customer.name}` })).toBeVisible();
    await expectAccessible(page);

    // No reason: refused next to the field, nothing revealed.
    await page.getByRole("button", { name: "Confirm with passkey and reveal" }).click();
    await expect(page.getByRole("alert")).toContainText("Choose why you need to see it");
    await expect(page.getByTestId("revealed-value")).toHaveCount(0);

    // The browser's clock from here on, so the 60 seconds can pass in a moment.
    await page.clock.install();
    await page.getByRole("radio", { name: "Customer called about a payment" }).check();
    await page.getByRole("button", { name: "Confirm with passkey and reveal" }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm this change with your passkey" });
    await expect(dialog).toBeVisible();
    // The passkey confirms this reveal, in words: whose detail, which one, and why.
    await expect(dialog).toContainText(`Show the phone number of ${customer.name}`);
    await expect(dialog).toContainText("reason: customer called about a payment");
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Confirm with passkey" }).click();
    await expect(page.getByTestId("revealed-value")).toHaveText("+44 7700 900555");
    const shownAt = await page.evaluate(() => Date.now());
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/staff-reveal.png`, fullPage: true });
    // Hold the page's time still (axe needs it running, so only now), then step to either side of 60 s.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
    const left = shownAt + 60_000 - (await page.evaluate(() => Date.now()));
    expect(left).toBeGreaterThan(5_000);
    await page.clock.fastForward(left - 2_000);
    await expect(page.getByTestId("revealed-value")).toBeVisible();
    await page.clock.fastForward(4_000);
    await expect(page.getByTestId("revealed-value")).toHaveCount(0);
    await expect(page.getByText("The phone number is hidden again.")).toBeVisible();
    await page.clock.resume();

    await signInAs(customer.email);
    await page.goto("/security/activity");
    await expect(page.getByText("A Strongroom staff member viewed your phone number — reason: customer called about a payment")).toBeVisible();
    await expectAccessible(page);
    expect(cspViolations).toEqual([]);
  });

  test("verified call: the customer's portal shows the banner while it lasts, and not after", async ({ page, browser, baseURL, signInAs, cspViolations }) => {
    const customer = await newCustomer();
    await signInAs("sam.support@example.com");
    await page.setViewportSize({ width: 1366, height: 768 });
    const { context, page: portal } = await customerBrowser(browser, baseURL, customer.email);
    await portal.setViewportSize({ width: 1366, height: 768 });
    await portal.goto("/accounts");
    await expect(portal.getByRole("region", { name: "Call with Strongroom" })).toHaveCount(0);

    await page.goto(`/staff/customers/${customer.userId}`);
    await page.getByRole("button", { name: "I'm on a call with this customer" }).click();
    await expect(page.getByRole("status")).toContainText("now sees a banner");
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/staff-customer-on-call.png`, fullPage: true });

    for (const path of ["/accounts", "/security", "/security/guides"]) {
      await portal.goto(path);
      await expect(portal.getByRole("region", { name: "Call with Strongroom" })).toContainText(/Sam from Strongroom support is on a call with you now \(since \d\d:\d\d UTC\)/);
    }
    await expectAccessible(portal);
    await portal.goto("/accounts");
    await portal.screenshot({ path: `${SHOTS}/customer-call-banner.png` });

    await page.getByRole("button", { name: "End the call" }).click();
    await expect(page.getByRole("status")).toContainText("Call ended");
    await portal.reload();
    await expect(portal.getByRole("region", { name: "Call with Strongroom" })).toHaveCount(0);
    await portal.goto("/security/activity");
    await expect(portal.getByText("Sam from Strongroom support started a verified call with you")).toBeVisible();
    await expect(portal.getByText("The verified call with Strongroom support ended")).toBeVisible();
    await context.close();
    expect(cspViolations).toEqual([]);
  });
});
