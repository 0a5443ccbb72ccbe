import { expect, expectAccessible, test } from "./fixtures";

const ALICE = "alice@example.com";

test("the account page draws card spending by category on the server, with every figure in text and a table", async ({ page, signInAs, database, cspViolations }) => {
  const card = await database.db.selectFrom("cards").select(["account_id"]).where("token", "=", "tok_alice_everyday").executeTakeFirstOrThrow();
  await signInAs(ALICE);

  // The server's HTML already holds the picture: no script draws it.
  const html = await (await page.request.get(`/accounts/${card.account_id}`)).text();
  const svg = html.match(/<svg[^>]*data-chart="spending"[\s\S]*?<\/svg>/)?.[0] ?? "";
  expect(svg).toContain("<title");
  expect((svg.match(/<rect /g) ?? []).length).toBeGreaterThan(2);
  expect(svg).not.toMatch(/style=|<script/);

  await page.goto(`/accounts/${card.account_id}`);
  const section = page.getByRole("region", { name: "Where your money went" });
  const chart = section.getByRole("img", { name: /^Card spending by category, \w{3} \d{4} to \w{3} \d{4}: Groceries £[\d,]+\.\d{2}/ });
  await expect(chart).toBeVisible();

  await section.getByText("Show these figures as a table, month by month").click();
  const table = section.getByRole("table", { name: /Card spending by category and month/ });
  await expect(table.getByRole("columnheader")).toHaveCount(8);
  const groceries = table.getByRole("row", { name: /^Groceries/ });
  await expect(groceries).toBeVisible();
  // The chart's total for a category is the table's total for it.
  const total = (await groceries.getByRole("cell").last().textContent())!;
  expect(await chart.getAttribute("aria-labelledby")).toBe("spending-chart-title");
  await expect(page.locator("#spending-chart-title")).toContainText(`Groceries ${total}`);
  await expectAccessible(page);
  expect(cspViolations).toEqual([]);
});

test("each limit on the card page shows used against left as a bar, with the figures as text", async ({ page, signInAs, database, cspViolations }) => {
  const card = await database.db.selectFrom("cards").select(["id"]).where("token", "=", "tok_alice_everyday").executeTakeFirstOrThrow();
  await signInAs(ALICE);
  await page.goto(`/cards/${card.id}`);
  const limits = page.getByRole("table", { name: "Spending limits on this card" });
  const daily = limits.getByRole("row", { name: /^Each day/ });
  const [setTo, used, left] = await Promise.all([1, 2, 3].map((index) => daily.getByRole("cell").nth(index - 1).textContent()));
  const minor = (text: string | null | undefined) => Math.round(Number(text!.replace(/[£,]/g, "")) * 100);
  expect(minor(used) + minor(left)).toBe(minor(setTo));
  const percent = Math.round((minor(used) / minor(setTo)) * 100);
  await expect(daily).toContainText(`${percent}% used`);
  await expect(daily.locator(`[data-limit-bar="${percent}"] svg rect`).first()).toBeVisible();
  // The per-payment limit applies to each payment and has no bar.
  await expect(limits.getByRole("row", { name: /^Any single payment/ }).locator("svg")).toHaveCount(0);
  await expectAccessible(page);
  expect(cspViolations).toEqual([]);
});
