import { expect, expectAccessible, test } from "./fixtures";

test("the security timeline says which card and what changed, in the customer's words", async ({ page, signInAs, database, cspViolations }) => {
  const card = await database.db.selectFrom("cards").select(["id", "last4", "settings"]).where("token", "=", "tok_alice_everyday").executeTakeFirstOrThrow();
  await signInAs("alice@example.com");
  try {
    await page.goto(`/cards/${card.id}/controls`);
    const categories = page.getByRole("region", { name: "Blocked kinds of spending" });
    await categories.getByLabel("Gambling").check();
    await categories.getByRole("button", { name: "Save blocked spending" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved. Your changes apply now." })).toBeVisible();

    await page.goto("/security/activity");
    await expect(page.getByText(`Blocked gambling on Everyday debit ••${card.last4}`).first()).toBeVisible();
    await expect(page.getByText("Tightened card controls")).toHaveCount(0);
    await expectAccessible(page);
    expect(cspViolations).toEqual([]);
  } finally {
    await database.db.updateTable("cards").set({ settings: card.settings }).where("id", "=", card.id).execute();
  }
});
