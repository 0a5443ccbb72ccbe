import { expect, expectAccessible, test } from "./fixtures";
import { givePasskey } from "./passkey-holder";

const isoDate = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

test("a travel block declines a payment from Spain with its reason and guide; a trip lets the same payment through", async ({ page, signInAs, database, cspViolations }) => {
  const card = await database.db.selectFrom("cards").select(["id", "last4"]).where("token", "=", "tok_alice_everyday").executeTakeFirstOrThrow();
  const customer = await database.db.selectFrom("cards").select("customer_id").where("id", "=", card.id).executeTakeFirstOrThrow();
  // A trip left by an earlier run on this database would let the first payment through.
  await database.db.deleteFrom("trips").where("card_id", "=", card.id).execute();
  await signInAs("alice@example.com");

  // The customer keeps her card to her home country: tightening, so it applies at once.
  await page.goto(`/cards/${card.id}/controls`);
  await expectAccessible(page);
  await page.getByLabel("Only in my home country").check();
  await page.getByRole("button", { name: "Save travel settings" }).click();
  await expect(page.getByRole("status").first()).toBeVisible();

  // The card network asks about a payment in Spain.
  async function payInSpain() {
    await page.goto("/dev/simulator");
    await page.getByLabel("Card").selectOption({ label: `Alice Carter — Everyday debit ending ${card.last4}` });
    await page.getByLabel("Amount").fill("25.00");
    await page.getByLabel("Currency").fill("EUR");
    await page.getByLabel("Merchant country").fill("ES");
    await page.getByLabel("Merchant category").selectOption("5812");
    await page.getByLabel("Merchant name").fill("Cafe Sol");
    await page.getByRole("button", { name: "Send authorization" }).click();
    return page.getByRole("status");
  }
  const declined = await payInSpain();
  await expect(declined).toContainText("Declined");
  await expect(declined).toContainText("Spain");
  await expectAccessible(page);

  // The card page explains the decline in words and links the guide that helps.
  await page.goto(`/cards/${card.id}`);
  const payments = page.getByRole("region", { name: "Recent payments and decisions" });
  await expect(payments.getByText(/Declined:/).first()).toBeVisible();
  await expect(payments.getByRole("link", { name: /Read the guide that helps/ }).first()).toHaveAttribute("href", "/security/guides/travelling-with-your-card");
  await expectAccessible(page);

  // She announces a trip to Spain starting today: a loosening, so her passkey confirms exactly that trip.
  const passkey = await givePasskey(page, customer.customer_id);
  try {
    await page.goto(`/cards/${card.id}/controls`);
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
    const trips = page.getByRole("region", { name: "Trips" });
    await trips.getByLabel("Countries", { exact: true }).fill("ES");
    await trips.getByLabel("First day").fill(isoDate(0));
    await trips.getByLabel("Last day").fill(isoDate(7));
    await trips.getByRole("button", { name: "Add trip" }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm this change with your passkey" });
    await expect(dialog).toContainText("Spain (ES)");
    await dialog.getByRole("button", { name: "Confirm with passkey" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Trip added." })).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(trips.getByText(/Spain/).first()).toBeVisible();
  } finally {
    await passkey.forget();
  }

  const approved = await payInSpain();
  await expect(approved).toContainText("Approved");
  await page.goto(`/cards/${card.id}`);
  await expect(page.getByRole("region", { name: "Recent payments and decisions" }).getByText(/Approved:/).first()).toBeVisible();

  const decisions = await database.db
    .selectFrom("authorizations")
    .select(["outcome", "reason"])
    .where("card_id", "=", card.id)
    .where("country", "=", "ES")
    .orderBy("created_at")
    .execute();
  expect(decisions.slice(-2)).toEqual([
    { outcome: "declined", reason: "country_not_allowed" },
    { outcome: "approved", reason: "approved" },
  ]);
  expect(cspViolations).toEqual([]);
});
