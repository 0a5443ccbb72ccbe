import { expect, expectAccessible, test } from "./fixtures";

const ALICE = "alice@example.com";

test("controls: in-page navigation, amount-block wording, a decline that names the block and the payment, one notice at a time", async ({ page, signInAs, database, cspViolations }) => {
  const card = await database.db.selectFrom("cards").select(["id", "last4", "settings"]).where("token", "=", "tok_alice_everyday").executeTakeFirstOrThrow();
  const merchant = `Block Test Shop ${Date.now()}`;
  await signInAs(ALICE);
  try {
    await page.goto(`/cards/${card.id}/controls`);
    const nav = page.getByRole("navigation", { name: "On this page" });
    await nav.getByRole("link", { name: "Amount blocks" }).click();
    await expect(page).toHaveURL(/#amount-blocks$/);
    await expect(page.getByRole("heading", { level: 2, name: "Amount blocks" })).toBeInViewport();
    await expectAccessible(page);

    const blocks = page.getByRole("region", { name: "Amount blocks" });
    await blocks.getByLabel("Online and phone payments").fill("0");
    await blocks.getByRole("button", { name: "Save amount blocks" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("0 is not a block amount — leave it empty for no block");
    await expectAccessible(page);

    // Adding a block tightens, so it applies at once; the error from before is gone and only the success notice shows.
    await blocks.getByLabel("Online and phone payments").fill("20");
    await blocks.getByRole("button", { name: "Save amount blocks" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved. Your changes apply now." })).toBeVisible();
    await expect(page.getByRole("alert")).toHaveCount(0);

    await page.goto("/dev/simulator");
    await page.getByLabel("Card").selectOption({ label: `Alice Carter — Everyday debit ending ${card.last4}` });
    await page.getByLabel("Amount").fill("30.00");
    await page.getByLabel("Currency").fill("GBP");
    await page.getByLabel("Merchant country").fill("GB");
    await page.getByRole("radio", { name: "online" }).check();
    await page.getByLabel("Merchant name").fill(merchant);
    await page.getByRole("button", { name: "Send authorization" }).click();
    await expect(page.getByRole("status")).toContainText("Declined: your online amount block is £20.00 and this payment was £30.00.");

    await page.goto(`/cards/${card.id}`);
    const payment = page.getByRole("region", { name: "Recent payments and decisions" }).getByRole("listitem").filter({ hasText: merchant });
    await expect(payment).toContainText("Declined: your online amount block is £20.00 and this payment was £30.00.");
    await expectAccessible(page);
    expect(cspViolations).toEqual([]);
  } finally {
    await database.db.updateTable("cards").set({ settings: card.settings }).where("id", "=", card.id).execute();
    await database.db.deleteFrom("review_items").where("authorization_id", "in", database.db.selectFrom("authorizations").select("id").where("merchant_name", "=", merchant)).execute();
    await database.db.deleteFrom("authorizations").where("merchant_name", "=", merchant).execute();
  }
});

test("a frozen card is an unmistakable warning on the card and controls pages", async ({ page, signInAs, database }) => {
  const card = await database.db.selectFrom("cards").select(["id", "last4", "status"]).where("token", "=", "tok_alice_everyday").executeTakeFirstOrThrow();
  await signInAs(ALICE);
  try {
    await page.goto(`/cards/${card.id}/controls`);
    await page.getByRole("region", { name: "Freeze your card" }).getByRole("button", { name: "Freeze card" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Card frozen." })).toBeVisible();
    const warning = page.getByRole("region", { name: `Everyday debit ••${card.last4} is frozen` });
    await expect(warning).toContainText("Every payment on this card is declined until you unfreeze it.");
    await expect(warning.getByRole("link", { name: "Unfreeze it below" })).toHaveAttribute("href", "#freeze");
    await expectAccessible(page);

    await page.goto(`/cards/${card.id}`);
    const onCard = page.getByRole("region", { name: `Everyday debit ••${card.last4} is frozen` });
    await expect(onCard.getByRole("link", { name: "Unfreeze this card" })).toHaveAttribute("href", `/cards/${card.id}/controls#freeze`);
    // It comes before everything else on the page but the heading.
    expect((await onCard.boundingBox())!.y).toBeLessThan((await page.getByRole("region", { name: "Limits and what you've used" }).boundingBox())!.y);
    await page.setViewportSize({ width: 1366, height: 768 });
    await expect(onCard).toBeInViewport();
    await expectAccessible(page);
  } finally {
    await database.db.updateTable("cards").set({ status: card.status }).where("id", "=", card.id).execute();
  }
});
