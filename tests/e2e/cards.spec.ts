import crypto from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import type { DatabaseHandle } from "../../db/connection";
import { expect, expectAccessible, test } from "./fixtures";
import { givePasskey } from "./passkey-holder";

const ALICE = "alice@example.com";

async function aliceIds(database: DatabaseHandle) {
  const card = await database.db.selectFrom("cards").select(["id", "account_id", "settings", "status"]).where("token", "=", "tok_alice_everyday").executeTakeFirstOrThrow();
  return { cardId: card.id, accountId: card.account_id, settings: card.settings, status: card.status };
}

test.describe("accounts and cards", () => {
  test("alice sees her accounts, balances and cards", async ({ page, signInAs, cspViolations }) => {
    await signInAs(ALICE);
    const response = await page.goto("/accounts");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: "Your accounts" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Everyday current account" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Rainy day saver" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Strongroom credit card" })).toBeVisible();
    await expect(page.getByRole("link", { name: /^Everyday debit card ending \d{4}$/ })).toBeVisible();
    await expect(page.getByText("Credit limit")).toBeVisible();
    await expectAccessible(page);
    expect(cspViolations).toEqual([]);
  });

  test("the account page pages and filters transactions", async ({ page, signInAs, database }) => {
    const { accountId } = await aliceIds(database);
    await signInAs(ALICE);
    await page.goto("/accounts");
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
    await page.getByRole("link", { name: "Everyday current account" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Everyday current account" })).toBeVisible();
    const rows = page.getByRole("table", { name: "Transactions, newest first" }).locator("tbody tr");
    await expect(rows).toHaveCount(50);
    await expectAccessible(page);

    await page.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText(/Page 2 of \d+\./)).toBeVisible();

    await page.goto(`/accounts/${accountId}`);
    await page.getByLabel("Search").fill("tesco");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/q=tesco/);
    await expect(rows.first()).toContainText("Tesco");
    for (const text of await rows.allTextContents()) expect(text.toLowerCase()).toContain("tesco");
    await expect(page.getByRole("link", { name: "Download these transactions, pending included (CSV)" })).toHaveAttribute("href", `/accounts/${accountId}/transactions.csv?q=tesco`);

    const csv = await page.request.get(`/accounts/${accountId}/transactions.csv?q=tesco`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect((await csv.text()).split("\r\n")[0]).toBe("\uFEFFStatus,Date (UTC),Description,Merchant,Category,Country,Channel,Amount,Currency,Original amount,Original currency");

    await page.getByLabel(/Smallest amount/).fill("abc");
    await page.getByRole("button", { name: "Apply filters" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary).toBeVisible();
    await expect(summary.getByRole("link", { name: /Enter the smallest amount/ })).toHaveAttribute("href", "#filter-min");
    await expectAccessible(page);
  });

  test("another customer's account and card are not found", async ({ page, signInAs, database }) => {
    const ben = await database.db.selectFrom("cards").select(["id", "account_id"]).where("token", "=", "tok_ben_everyday").executeTakeFirstOrThrow();
    await signInAs(ALICE);
    for (const path of [`/accounts/${ben.account_id}`, `/accounts/${ben.account_id}/transactions.csv`, `/cards/${ben.id}`, `/cards/${ben.id}/controls`]) {
      expect((await page.request.get(path)).status(), path).toBe(404);
    }
  });

  test("the card page shows limits, decisions in words with guide links, and answers", async ({ page, signInAs, database }) => {
    const { cardId, accountId } = await aliceIds(database);
    const inserted = [crypto.randomUUID(), crypto.randomUUID()];
    const base = {
      card_id: cardId,
      account_id: accountId,
      client_id: "e2e",
      request_hash: "e2e",
      created_at: new Date().toISOString(),
      amount_minor: 84_00,
      currency: "GBP",
      original_amount_minor: 97_67,
      original_currency: "EUR",
      mcc: "5812",
      country: "ES",
      channel: "in_store",
      outcome: "declined" as const,
      risk_score: 0,
      risk_level: "low" as const,
      risk_signals: "[]",
      flagged: 0,
      customer_response: null,
      responded_at: null,
    };
    // Declined payments only: they never count towards the limits other tests rely on.
    await database.db
      .insertInto("authorizations")
      .values([
        { ...base, id: inserted[0]!, idempotency_key: inserted[0]!, merchant_id: "m-e2e-tapas", merchant_name: "Bar Tapas E2E", reason: "country_blocked" },
        { ...base, id: inserted[1]!, idempotency_key: inserted[1]!, merchant_id: "m-e2e-held", merchant_name: "Held Shop E2E", reason: "high_risk", risk_level: "high", risk_score: 80 },
      ])
      .execute();
    try {
      await signInAs(ALICE);
      await page.goto(`/cards/${cardId}`);
      await expect(page.getByRole("heading", { level: 1, name: "Everyday debit" })).toBeVisible();
      await expect(page.getByRole("table", { name: "Spending limits on this card" })).toBeVisible();
      await expect(page.getByRole("row", { name: /Each day/ }).first()).toContainText("£3,000.00");
      const tapas = page.getByRole("listitem").filter({ hasText: "Bar Tapas E2E" });
      await expect(tapas).toContainText("Country blocked");
      await expect(tapas).toContainText("Spain");
      await expect(tapas.getByRole("link", { name: /Read the guide that helps/ })).toHaveAttribute("href", "/security/guides/travelling-with-your-card");
      const held = page.getByRole("listitem").filter({ hasText: "Held Shop E2E" });
      await expect(held.getByRole("link", { name: /Read the guide/ })).toHaveAttribute("href", "/security/guides/when-a-payment-is-held");
      await expectAccessible(page);

      // "This was me" loosens risk checks, so it asks for a passkey (change-confirmation.spec.ts goes on).
      await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
      await held.getByRole("button", { name: /This was me/ }).click();
      const dialog = page.getByRole("dialog", { name: "Confirm this change with your passkey" });
      await expect(dialog).toContainText("Held Shop E2E");
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(held).toContainText("Not saved yet");
      expect(await database.db.selectFrom("risk_allowances").select("id").where("authorization_id", "in", inserted).execute()).toEqual([]);
    } finally {
      await database.db.deleteFrom("risk_allowances").where("authorization_id", "in", inserted).execute();
      await database.db.deleteFrom("authorizations").where("id", "in", inserted).execute();
    }
  });

  test("a travel block (home country only) applies at once and shows on the card page", async ({ page, signInAs, database, cspViolations }) => {
    const { cardId, settings } = await aliceIds(database);
    const owner = (await database.db.selectFrom("cards").select("customer_id").where("id", "=", cardId).executeTakeFirstOrThrow()).customer_id;
    await signInAs(ALICE);
    const passkey = await givePasskey(page, owner);
    try {
      await page.goto(`/cards/${cardId}/controls`);
      await expect(page.getByRole("heading", { level: 1, name: "Controls for Everyday debit" })).toBeVisible();
      await expectAccessible(page);
      const travel = page.getByRole("region", { name: "Where your card works" });
      await travel.getByRole("radio", { name: "Only in my home country" }).check();
      await travel.getByRole("button", { name: "Save travel settings" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Saved. Your changes apply now." })).toBeVisible();
      await expect(page.getByRole("region", { name: "Waiting to take effect" })).toContainText("No changes are waiting.");

      await page.getByRole("link", { name: "Back to Everyday debit" }).click();
      const inForce = page.getByRole("region", { name: "Controls in force" });
      await expect(inForce).toContainText("Only in my home country (home: United Kingdom (GB))");
      await expectAccessible(page);

      // Widening again is confirmed with a passkey, waits 24 hours, and can be cancelled.
      await page.goto(`/cards/${cardId}/controls`);
      await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
      await page.getByRole("region", { name: "Where your card works" }).getByRole("radio", { name: "Anywhere in the world" }).check();
      await page.getByRole("region", { name: "Where your card works" }).getByRole("button", { name: "Save travel settings" }).click();
      const dialog = page.getByRole("dialog", { name: "Confirm this change with your passkey" });
      await expect(dialog).toContainText("Let Everyday debit ••");
      await expect(dialog).toContainText("pay anywhere in the world (now only in your home country)");
      await dialog.getByRole("button", { name: "Confirm with passkey" }).click();
      const waiting = page.getByRole("region", { name: "Waiting to take effect" });
      await expect(waiting).toContainText("Allow payments: anywhere in the world");
      await expect(waiting).toContainText(/Takes effect at \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC/);
      await expectAccessible(page);
      await waiting.getByRole("button", { name: /Cancel/ }).click();
      await expect(page.getByRole("status").filter({ hasText: "Waiting change cancelled" })).toBeVisible();
      expect(cspViolations).toEqual([]);
    } finally {
      await database.db.updateTable("cards").set({ settings }).where("id", "=", cardId).execute();
      await database.db.updateTable("control_changes").set({ status: "cancelled" }).where("card_id", "=", cardId).where("status", "=", "pending").execute();
      await passkey.forget();
    }
  });
});

/**
 * axe runs as a script, which a page without JavaScript cannot run: check the exact HTML the
 * server sent (scripts removed) in a second page that may run axe, with the same CSS.
 */
async function expectAccessibleWithoutScripts(browser: Browser, page: Page) {
  const target = page.url();
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const context = await browser.newContext({ javaScriptEnabled: true });
  try {
    const checker = await context.newPage();
    await checker.route((url) => url.href === target, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
    await checker.goto(target);
    await expectAccessible(checker);
  } finally {
    await context.close();
  }
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the transaction filters and the travel form still work", async ({ page, signInAs, database, browser }) => {
    const { accountId, cardId, settings } = await aliceIds(database);
    await signInAs(ALICE);
    await page.goto(`/accounts/${accountId}`);
    await page.getByLabel("From").fill("2000-01-01");
    await page.getByLabel("Search").fill("salary");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/from=2000-01-01/);
    const rows = page.getByRole("table", { name: "Transactions, newest first" }).locator("tbody tr");
    await expect(rows.first()).toContainText("SALARY");
    expect(await rows.count()).toBeGreaterThanOrEqual(5);
    await expectAccessibleWithoutScripts(browser, page);

    const bad = await page.goto(`/accounts/${accountId}?from=2026-02-30`);
    expect(bad?.status()).toBe(400);
    await expect(page.getByRole("link", { name: /Enter the first date as a real date/ })).toHaveAttribute("href", "#filter-from");
    await expect(page.getByLabel("From")).toHaveAttribute("aria-invalid", "true");
    await expectAccessibleWithoutScripts(browser, page);

    try {
      await page.goto(`/cards/${cardId}/controls`);
      await page.getByRole("radio", { name: "Only in my home country" }).check();
      await page.getByRole("button", { name: "Save travel settings" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Saved. Your changes apply now." })).toBeVisible();
      await expectAccessibleWithoutScripts(browser, page);
      await page.goto(`/cards/${cardId}`);
      await expect(page.getByRole("region", { name: "Controls in force" })).toContainText("Only in my home country");
      await expectAccessibleWithoutScripts(browser, page);
    } finally {
      await database.db.updateTable("cards").set({ settings }).where("id", "=", cardId).execute();
    }
  });
});
