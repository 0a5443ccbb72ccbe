import crypto from "node:crypto";
import type { Page } from "@playwright/test";
import type { DatabaseHandle } from "../../db/connection";
import { expect, expectAccessible, test } from "./fixtures";
import { givePasskey } from "./passkey-holder";

const ALICE = "alice@example.com";
const VIEWPORT = { width: 1366, height: 768 };

async function alice(database: DatabaseHandle) {
  const card = await database.db.selectFrom("cards").select(["id", "account_id", "customer_id", "settings", "status", "name", "last4"]).where("token", "=", "tok_alice_everyday").executeTakeFirstOrThrow();
  return { ...card, label: `${card.name} ••${card.last4}` };
}

async function hydrated(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
}

/** The dialog sits in the middle of the window, wherever the page is scrolled. */
async function expectCentred(page: Page, dialog: ReturnType<Page["getByRole"]>) {
  const box = await dialog.boundingBox();
  expect(box).not.toBeNull();
  const middleX = box!.x + box!.width / 2;
  const middleY = box!.y + box!.height / 2;
  expect(Math.abs(middleX - VIEWPORT.width / 2)).toBeLessThan(4);
  expect(Math.abs(middleY - VIEWPORT.height / 2)).toBeLessThan(4);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(VIEWPORT.height);
}

test.use({ viewport: VIEWPORT });

test.describe("confirming a change with a passkey", () => {
  // Several full-page accessibility checks each; the machine is shared.
  test.describe.configure({ timeout: 120_000 });
  test("raising a limit shows the exact change, centred and focused, and only that change is saved", async ({ page, signInAs, database, cspViolations }) => {
    const card = await alice(database);
    await signInAs(ALICE);
    const passkey = await givePasskey(page, card.customer_id);
    try {
      await page.goto(`/cards/${card.id}/controls`);
      await hydrated(page);
      const limits = page.getByRole("region", { name: "Spending limits" });
      await limits.getByRole("textbox", { name: "Each day", exact: true }).fill("4000");
      const save = limits.getByRole("button", { name: "Save limits" });
      await save.click();

      const words = `Raise the daily limit on ${card.label} from £3,000.00 to £4,000.00`;
      const dialog = page.getByRole("dialog", { name: "Confirm this change with your passkey" });
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText(words);
      await expect(dialog).toHaveAccessibleDescription(words);
      await expect(dialog.getByRole("button", { name: "Confirm with passkey" })).toBeFocused();
      await expectCentred(page, dialog);
      await page.screenshot({ path: "tests/.artifacts/confirm-dialog-controls.png" });
      await expectAccessible(page);

      // Escape cancels: focus goes back to the button that asked, and the form says what is missing.
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      await expect(save).toBeFocused();
      await expect(limits).toContainText("Not saved yet: confirm this change with your passkey.");
      expect(await database.db.selectFrom("control_changes").select("id").where("card_id", "=", card.id).where("status", "=", "pending").execute()).toEqual([]);

      await limits.getByRole("button", { name: "Confirm with passkey" }).click();
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText(words);
      await dialog.getByRole("button", { name: "Confirm with passkey" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Request saved." })).toBeVisible();
      await expect(page.getByRole("region", { name: "Waiting to take effect" })).toContainText("Set the daily spending limit to £4,000.00");
      await expectAccessible(page);

      const changes = await database.db.selectFrom("control_changes").select("patch").where("card_id", "=", card.id).where("status", "=", "pending").execute();
      expect(changes.map((row) => JSON.parse(row.patch))).toEqual([[{ op: "set", path: "limits.daily", value: 4_000_00 }]]);
      const confirmed = await database.db.selectFrom("audit_log").select("details").where("action", "=", "confirmation.confirmed").where("actor_id", "=", card.customer_id).orderBy("seq", "desc").executeTakeFirstOrThrow();
      expect(JSON.parse(confirmed.details)).toMatchObject({ kind: "controls.loosen", words });
      expect(cspViolations).toEqual([]);
    } finally {
      await database.db.updateTable("control_changes").set({ status: "cancelled" }).where("card_id", "=", card.id).where("status", "=", "pending").execute();
      await database.db.updateTable("cards").set({ settings: card.settings, status: card.status }).where("id", "=", card.id).execute();
      await passkey.forget();
    }
  });

  test("a trip asked for far down the page opens the dialog in view; unfreezing is confirmed too", async ({ page, signInAs, database }) => {
    const card = await alice(database);
    await signInAs(ALICE);
    const passkey = await givePasskey(page, card.customer_id);
    await database.db.updateTable("cards").set({ status: "frozen" }).where("id", "=", card.id).execute();
    try {
      await page.goto(`/cards/${card.id}/controls`);
      await hydrated(page);
      // Unblocking needs a blocked merchant; the trip form is the lowest form that always exists.
      const trips = page.getByRole("region", { name: "Trips" });
      await trips.getByLabel("Countries").fill("PT");
      const start = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      await trips.getByLabel("First day").fill(start);
      await trips.getByLabel("Last day").fill(start);
      await trips.getByRole("button", { name: "Add trip" }).click();
      const dialog = page.getByRole("dialog", { name: "Confirm this change with your passkey" });
      await expect(dialog).toContainText(`Let ${card.label} pay in Portugal (PT) on`);
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
      await expectCentred(page, dialog);
      await page.screenshot({ path: "tests/.artifacts/confirm-dialog-trip.png" });
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(trips.getByRole("button", { name: "Add trip" })).toBeFocused();

      await page.getByRole("button", { name: "Unfreeze card" }).click();
      await expect(dialog).toContainText(`Unfreeze ${card.label} so it can pay again`);
      await dialog.getByRole("button", { name: "Confirm with passkey" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Card unfrozen." })).toBeVisible();
      expect((await database.db.selectFrom("cards").select("status").where("id", "=", card.id).executeTakeFirstOrThrow()).status).toBe("active");
      expect(await database.db.selectFrom("trips").select("id").where("card_id", "=", card.id).where("starts_at", "=", `${start}T00:00:00.000Z`).execute()).toEqual([]);
    } finally {
      await database.db.updateTable("cards").set({ settings: card.settings, status: card.status }).where("id", "=", card.id).execute();
      await passkey.forget();
    }
  });

  test("“this was me” asks for the passkey, naming the payment and what it lets through", async ({ page, signInAs, database, cspViolations }) => {
    const card = await alice(database);
    await signInAs(ALICE);
    const passkey = await givePasskey(page, card.customer_id);
    const id = crypto.randomUUID();
    await database.db
      .insertInto("authorizations")
      .values({ id, card_id: card.id, account_id: card.account_id, client_id: "e2e", idempotency_key: id, request_hash: "e2e", created_at: "2026-11-29T18:42:00.000Z", amount_minor: 249_99, currency: "GBP", original_amount_minor: 249_99, original_currency: "GBP", merchant_id: "m-e2e-gadgets", merchant_name: "Gadget Hut E2E", mcc: "5732", country: "FR", channel: "online", outcome: "declined", reason: "high_risk", risk_score: 80, risk_level: "high", risk_signals: "[]", flagged: 0, customer_response: null, responded_at: null })
      .execute();
    try {
      await page.goto(`/cards/${card.id}`);
      await hydrated(page);
      const payment = page.getByRole("listitem").filter({ hasText: "Gadget Hut E2E" });
      await payment.getByRole("button", { name: /This was me/ }).click();
      const dialog = page.getByRole("dialog", { name: "Confirm this change with your passkey" });
      await expect(dialog).toContainText(
        `Confirm the £249.99 payment to Gadget Hut E2E on 29 Nov 2026, 18:42 UTC was you, and let payments to Gadget Hut E2E in France (FR) through our risk checks on ${card.label} for 24 hours`,
      );
      await expect(dialog.getByRole("button", { name: "Confirm with passkey" })).toBeFocused();
      await expectCentred(page, dialog);
      await page.screenshot({ path: "tests/.artifacts/confirm-dialog-this-was-me.png" });
      await expectAccessible(page);
      expect(await database.db.selectFrom("risk_allowances").select("id").where("authorization_id", "=", id).execute()).toEqual([]);
      await dialog.getByRole("button", { name: "Confirm with passkey" }).click();
      await expect(page.getByRole("status").filter({ hasText: "next 24 hours" })).toBeVisible();
      await expect(page.getByRole("listitem").filter({ hasText: "Gadget Hut E2E" })).toContainText("You told us: this was you.");
      expect(await database.db.selectFrom("risk_allowances").select(["country", "merchant_id"]).where("authorization_id", "=", id).execute()).toEqual([{ country: "FR", merchant_id: "m-e2e-gadgets" }]);
      expect(cspViolations).toEqual([]);
    } finally {
      await database.db.deleteFrom("risk_allowances").where("authorization_id", "=", id).execute();
      await database.db.deleteFrom("authorizations").where("id", "=", id).execute();
      await passkey.forget();
    }
  });
});
