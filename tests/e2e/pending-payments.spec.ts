import { expect, expectAccessible, test } from "./fixtures";

const ALICE = "alice@example.com";

test("an approved simulator payment shows as pending on the account page and in the CSV until it posts", async ({ page, signInAs, database, cspViolations }) => {
  const card = await database.db
    .selectFrom("cards")
    .innerJoin("accounts", "accounts.id", "cards.account_id")
    .select(["cards.id", "cards.last4", "cards.name", "cards.account_id", "accounts.available_minor", "accounts.balance_minor"])
    .where("cards.token", "=", "tok_alice_everyday")
    .executeTakeFirstOrThrow();
  const merchant = `Pending Deli ${Date.now()}`;
  await signInAs(ALICE);
  try {
    await page.goto("/dev/simulator");
    await page.getByLabel("Card").selectOption({ label: `Alice Carter — Everyday debit ending ${card.last4}` });
    await page.getByLabel("Amount").fill("12.34");
    await page.getByLabel("Currency").fill("GBP");
    await page.getByLabel("Merchant country").fill("GB");
    await page.getByLabel("Merchant category").selectOption("5812");
    await page.getByLabel("Merchant name").fill(merchant);
    await page.getByRole("button", { name: "Send authorization" }).click();
    await expect(page.getByRole("status")).toContainText("Approved");

    await page.goto(`/accounts/${card.account_id}`);
    const pending = page.getByRole("region", { name: "Pending card payments" });
    const row = pending.getByRole("row").filter({ hasText: merchant });
    await expect(row).toContainText(`${card.name} ending ${card.last4}`);
    await expect(row).toContainText("−£12.34");
    await expect(row).toContainText(/\d{1,2} \w{3} \d{4}/);
    // Pending sits above the posted list, and the page says why "available" is lower.
    const posted = page.getByRole("heading", { level: 2, name: "Posted transactions" });
    expect((await pending.boundingBox())!.y).toBeLessThan((await posted.boundingBox())!.y);
    await expect(page.getByText("What you can spend now: the balance less pending card payments.")).toBeVisible();
    const after = await database.db.selectFrom("accounts").select(["available_minor", "balance_minor"]).where("id", "=", card.account_id).executeTakeFirstOrThrow();
    expect(Number(after.available_minor)).toBe(Number(card.available_minor) - 12_34);
    expect(Number(after.balance_minor)).toBe(Number(card.balance_minor));
    await expectAccessible(page);
    expect(cspViolations).toEqual([]);

    // The card page reads the same rows: the payment is there, pending, and counted as used today.
    await page.goto(`/cards/${card.id}`);
    const payment = page.getByRole("region", { name: "Recent payments and decisions" }).getByRole("listitem").filter({ hasText: merchant });
    await expect(payment).toContainText("Pending: taken off your available money, not yet posted.");

    const csv = await (await page.request.get(`/accounts/${card.account_id}/transactions.csv`)).text();
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("\uFEFFStatus,Date (UTC),Description,Merchant,Category,Country,Channel,Amount,Currency,Original amount,Original currency");
    const line = lines.find((text) => text.includes(merchant));
    expect(line).toMatch(new RegExp(`^Pending,[^,]+,"?Card payment, ${card.name} ending ${card.last4}"?,${merchant},.*,-12\\.34,GBP,,$`));
    // Pending lines come before every posted one.
    expect(lines.findIndex((text) => text.startsWith("Posted,"))).toBeGreaterThan(lines.indexOf(line!));

    // Once a transaction settles the hold, it is no longer pending.
    await database.db.updateTable("authorizations").set({ transaction_id: "settled-in-test" }).where("merchant_name", "=", merchant).execute();
    await page.goto(`/accounts/${card.account_id}`);
    await expect(page.getByRole("region", { name: "Pending card payments" })).not.toContainText(merchant);
  } finally {
    await database.db.deleteFrom("review_items").where("authorization_id", "in", database.db.selectFrom("authorizations").select("id").where("merchant_name", "=", merchant)).execute();
    await database.db.deleteFrom("authorizations").where("merchant_name", "=", merchant).execute();
    await database.db.updateTable("accounts").set({ available_minor: card.available_minor }).where("id", "=", card.account_id).execute();
  }
});
