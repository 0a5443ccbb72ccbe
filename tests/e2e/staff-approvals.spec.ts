import crypto from "node:crypto";
import type { Page } from "@playwright/test";
import type { Role } from "../../db/schema";
import { defaultCardSettings } from "../../app/controls/card-settings";
import { db } from "../../app/db.server";
import { createUser } from "../../app/users/users.server";
import { expect, expectAccessible, mintSignIn, test } from "./fixtures";
import { enrolledPerson } from "./enrolment";
import { VirtualAuthenticator } from "./virtual-authenticator";

const REFUSED = /no longer registered with Strongroom|No passkey was used/;

const SHOTS = "tests/.artifacts";
const tag = () => Array.from(crypto.randomBytes(4), (byte) => String.fromCharCode(97 + (byte % 26))).join("");

const enrolled = (page: Page, roles: Role[], displayName: string) => enrolledPerson(page, roles, displayName, tag());

/** Tab until `target` has focus (keyboard only), then press Enter. */
async function tabTo(page: Page, target: ReturnType<Page["getByRole"]>) {
  for (let presses = 0; presses < 60 && !(await target.evaluate((element) => element === document.activeElement)); presses += 1) await page.keyboard.press("Tab");
  await expect(target).toBeFocused();
}

async function hydrated(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
}

test.describe("maker–checker and the review queue", () => {
  test.describe.configure({ timeout: 180_000 });

  test("support proposes re-enrolment → a supervisor approves with a passkey → the customer enrols a new passkey from the outbox code; the old one no longer signs in", async ({ browser, baseURL, cspViolations, database }) => {
    // The customer, with the passkey they are about to lose.
    const customerContext = await browser.newContext({ baseURL });
    const customerPage = await customerContext.newPage();
    const customer = await enrolled(customerPage, ["customer"], `Zoë Lost ${tag()}`);
    const [oldCredential] = await customer.authenticator.credentials();
    expect(oldCredential).toBeDefined();
    const oldPasskeyId = oldCredential!.credentialId.replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    expect(await database.db.selectFrom("passkeys").select("id").where("id", "=", oldPasskeyId).execute()).toHaveLength(1);
    const customerName = (await db().selectFrom("users").select("display_name").where("id", "=", customer.userId).executeTakeFirstOrThrow()).display_name;

    // Support proposes, by keyboard.
    const supportContext = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 } });
    const support = await supportContext.newPage();
    await mintSignIn(support, String(baseURL), "sam.support@example.com");
    await support.goto(`/staff/customers/${customer.userId}`);
    await hydrated(support);
    await tabTo(support, support.getByRole("link", { name: "Propose re-enrolment" }));
    await support.keyboard.press("Enter");
    await expect(support.getByRole("heading", { level: 1, name: `Propose re-enrolment for ${customerName}` })).toBeVisible();
    await expectAccessible(support);
    // Empty reason: the summary links to the field.
    await tabTo(support, support.getByRole("button", { name: "Propose re-enrolment" }));
    await support.keyboard.press("Enter");
    const summary = support.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary).toContainText("Say how you checked it is really the customer");
    await expectAccessible(support);
    await support.screenshot({ path: `${SHOTS}/staff-re-enrol-error.png`, fullPage: true });
    const reason = support.getByLabel("How you checked it is really the customer");
    await expect(summary.getByRole("link").first()).toHaveAttribute("href", `#${await reason.getAttribute("id")}`);
    await expect(reason).toHaveAttribute("aria-invalid", "true");
    await reason.focus();
    await support.keyboard.type("Called back on the number on file; answered three security questions");
    await tabTo(support, support.getByRole("button", { name: "Propose re-enrolment" }));
    await support.keyboard.press("Enter");
    await expect(support).toHaveURL(/\/staff\/approvals\?notice=proposed/);
    await expect(support.getByRole("status")).toContainText("A supervisor other than you decides it");
    await expectAccessible(support);
    await support.screenshot({ path: `${SHOTS}/staff-approvals.png`, fullPage: true });

    // A supervisor (with a real passkey, which the approval needs) decides.
    const supervisorContext = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 } });
    const supervisor = await supervisorContext.newPage();
    await enrolled(supervisor, ["supervisor"], `Kim Checker ${tag()}`);
    await supervisor.goto("/staff/approvals");
    await hydrated(supervisor);
    const decide = supervisor.getByRole("link", { name: `Review and decide Re-enrolment after a lost passkey for ${customerName}` });
    await tabTo(supervisor, decide);
    await supervisor.keyboard.press("Enter");
    await expect(supervisor.getByRole("heading", { level: 1, name: "Re-enrolment after a lost passkey" })).toBeVisible();
    await expect(supervisor.getByText("has 1 passkey and 1 active session")).toBeVisible();
    await expectAccessible(supervisor);
    await supervisor.screenshot({ path: `${SHOTS}/staff-approval-decide.png`, fullPage: true });
    await tabTo(supervisor, supervisor.getByRole("button", { name: "Approve with passkey" }));
    await supervisor.keyboard.press("Enter");
    const dialog = supervisor.getByRole("dialog", { name: "Confirm this change with your passkey" });
    await expect(dialog).toContainText(`Approve: Every passkey and session of ${customerName}`);
    await expectAccessible(supervisor);
    await expect(dialog.getByRole("button", { name: "Confirm with passkey" })).toBeFocused();
    await supervisor.keyboard.press("Enter");
    await expect(supervisor).toHaveURL(/\/staff\/approvals\?notice=approve/);
    await expect(supervisor.getByRole("status")).toContainText("Approved and carried out");
    const supervisorSaw = await supervisor.content();

    // The customer was signed out everywhere; the old passkey no longer signs in.
    await customerPage.goto("/accounts");
    await expect(customerPage).toHaveURL(/\/sign-in/);
    await customerPage.getByRole("button", { name: "Sign in with a passkey" }).click();
    // Refused, in one of two words: the server does not know the passkey; or the browser no
    // longer offers it (once the server answered "unknown credential" to the page's autofill, the
    // page signals it and Chromium deletes it). Clicked at once on purpose: the button waits for
    // the autofill's ceremony, so the generic "couldn't sign you in" of a lost challenge is a bug.
    await expect(customerPage.getByRole("alert")).toContainText(REFUSED);
    await expect(customerPage).toHaveURL(/\/sign-in/);

    // The new code is in the customer's outbox (development's stand-in for their email).
    await customerPage.goto("/dev/outbox");
    const message = customerPage.getByRole("listitem").filter({ hasText: customerName }).filter({ hasText: "enrolment code" }).first();
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec((await message.textContent()) ?? "")?.[1];
    expect(code).toBeDefined();
    // No staff page showed it.
    expect(supervisorSaw).not.toContain(code);
    await support.goto(`/staff/customers/${customer.userId}`);
    expect(await support.content()).not.toContain(code);
    // Chromium may already have deleted it on the page's unknown-credential signal.
    if ((await customer.authenticator.credentials()).some((held) => held.credentialId === oldCredential!.credentialId)) {
      await customer.authenticator.remove(oldCredential!.credentialId);
    }
    await customerPage.goto("/enrol");
    await customerPage.getByLabel("Email address").fill(customer.email);
    await customerPage.getByLabel("Enrolment code").fill(code!);
    await customerPage.getByRole("button", { name: "Create my passkey" }).click();
    await expect(customerPage).toHaveURL(/enrolled=1/);
    await customerPage.goto("/security/activity");
    await expect(customerPage.getByText("Strongroom removed your passkeys and sent you a new enrolment code (approved by a supervisor)")).toBeVisible();
    await expectAccessible(customerPage);

    // In a fresh browser holding only the old passkey: still refused.
    const oldContext = await browser.newContext({ baseURL });
    const oldPage = await oldContext.newPage();
    const oldAuthenticator = await VirtualAuthenticator.attach(oldPage);
    await oldAuthenticator.add(oldCredential!);
    await oldPage.goto("/sign-in");
    await expect(oldPage.getByRole("button", { name: "Sign in with a passkey" })).toBeEnabled();
    await oldPage.getByRole("button", { name: "Sign in with a passkey" }).click();
    // As above: refused by the server, or already dropped by Chromium on the page's signal.
    await expect(oldPage.getByRole("alert")).toContainText(REFUSED);
    await expect(oldPage).toHaveURL(/\/sign-in/);
    // Whichever the browser showed, the server knows the old passkey no more.
    expect(await database.db.selectFrom("passkeys").select("id").where("id", "=", oldPasskeyId).execute()).toEqual([]);

    for (const context of [customerContext, supportContext, supervisorContext, oldContext]) await context.close();
    expect(cspViolations).toEqual([]);
  });

  test("a high-risk decline from the simulator is in the queue; closed as fraud, the card is frozen and the customer's card page and timeline say so", async ({ page, browser, baseURL, signInAs, cspViolations }) => {
    const name = `Rio Holder ${tag()}`;
    const email = `rio.${crypto.randomUUID()}@example.com`;
    const userId = await createUser({ displayName: name, email, roles: ["customer"] });
    const accountId = crypto.randomUUID();
    const cardId = crypto.randomUUID();
    const now = new Date().toISOString();
    await db()
      .insertInto("accounts")
      .values({ id: accountId, customer_id: userId, kind: "current", name: "Everyday", currency: "GBP", balance_minor: 5_000_00, available_minor: 5_000_00, credit_limit_minor: null, number_last4: "7002", created_at: now })
      .execute();
    await db()
      .insertInto("cards")
      .values({ id: cardId, account_id: accountId, customer_id: userId, token: `tok_e2e_${crypto.randomBytes(12).toString("hex")}`, last4: "7373", brand: "visa", name: "Debit card", expiry_month: 12, expiry_year: 2030, status: "active", settings: JSON.stringify(defaultCardSettings("GB")), usual_amount_minor: 20_00, history_count: 20, known_countries: '["GB"]', has_used_online: 1, created_at: now })
      .execute();

    // The card network asks about a large payment in a new country: high risk, declined, a case opens.
    await signInAs("sam.support@example.com");
    await page.setViewportSize({ width: 1366, height: 768 });
    const merchant = `Rio Electronics ${tag()}`;
    await page.goto("/dev/simulator");
    await page.getByLabel("Card").selectOption({ label: `${name} — Debit card ending 7373` });
    await page.getByLabel("Amount").fill("900.00");
    await page.getByLabel("Currency").fill("GBP");
    await page.getByLabel("Merchant country").fill("BR");
    await page.getByLabel("Merchant category").selectOption("5999");
    await page.getByLabel("Merchant name").fill(merchant);
    await page.getByRole("button", { name: "Send authorization" }).click();
    await expect(page.getByRole("status")).toContainText("Declined");

    await page.goto("/staff/reviews");
    await hydrated(page);
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/staff-reviews.png`, fullPage: true });
    const open = page.getByRole("link", { name: new RegExp(`^High-risk payment declined for ${name}`) });
    await tabTo(page, open);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: "High-risk payment declined" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Why it was flagged" }).getByRole("listitem").first()).toBeVisible();
    await tabTo(page, page.getByRole("button", { name: "Assign to me" }));
    await page.keyboard.press("Enter");
    await expect(page.getByText("This case is assigned to you.")).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/staff-review-case.png`, fullPage: true });
    // "Genuine" without days: refused beside the field.
    await page.getByLabel("If genuine, for how many days").fill("");
    await page.getByRole("radio", { name: /Genuine/ }).check();
    await page.getByRole("button", { name: "Close the case" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Say for how many days");
    await expectAccessible(page);
    // A radio group is one tab stop (the checked one); arrows move within it.
    await tabTo(page, page.getByRole("radio", { name: /Genuine/ }));
    await page.keyboard.press("ArrowUp");
    await expect(page.getByRole("radio", { name: /Fraud/ })).toBeChecked();
    await tabTo(page, page.getByRole("button", { name: "Close the case" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/staff\/reviews\?notice=fraud/);
    await expect(page.getByRole("link", { name: new RegExp(`for ${name}`) })).toHaveCount(0);
    expect((await db().selectFrom("cards").select("status").where("id", "=", cardId).executeTakeFirstOrThrow()).status).toBe("frozen");

    // The customer's own view.
    const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 } });
    const portal = await context.newPage();
    await mintSignIn(portal, String(baseURL), email);
    await portal.goto(`/cards/${cardId}`);
    await expect(portal.getByRole("region", { name: "Fraud cases on this card" })).toContainText("Closed: we confirmed this payment was fraud");
    await expect(portal.getByText("Frozen").first()).toBeVisible();
    await expectAccessible(portal);
    await portal.screenshot({ path: `${SHOTS}/customer-card-fraud-closed.png`, fullPage: true });
    await portal.goto("/security/activity");
    await expect(portal.getByText("Strongroom's fraud team confirmed fraud on your card ending 7373 and froze it")).toBeVisible();
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test("admin and audit pages: no axe violations, keyboard filter", async ({ page, signInAs, cspViolations }) => {
    await signInAs("ada.admin@example.com");
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto("/admin");
    await expect(page.getByRole("heading", { level: 1, name: "Staff accounts" })).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/admin-staff.png`, fullPage: true });
    await page.getByRole("button", { name: "Propose" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
    await expectAccessible(page);
    await page.goto("/admin/audit");
    await hydrated(page);
    await expect(page.getByRole("status")).toContainText("Verified");
    await tabTo(page, page.getByLabel("Action (e.g. pii.revealed, or approval)"));
    await page.keyboard.type("sign_in");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/action=sign_in/);
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/admin-audit.png`, fullPage: true });
    await signInAs("grace.supervisor@example.com");
    await page.goto("/admin/audit");
    await expect(page.getByRole("heading", { level: 1, name: "Audit" })).toBeVisible();
    expect((await page.goto("/admin"))?.status()).toBe(403);
    expect(cspViolations).toEqual([]);
  });
});
