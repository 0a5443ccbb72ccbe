import type { Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";

const SLUG = "public-wifi-and-vpns";
const TITLE = "Public Wi-Fi and VPNs: the real risks";

async function waitForHydration(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
}

test.describe("security guides", () => {
  test("one editor drafts and submits, a different editor publishes, customers see it, and an old revision returns as a draft", async ({
    page,
    signInAs,
    database,
    cspViolations,
  }) => {
    // Several compiles in the guide compiler's workers, and axe on every page: minutes on a busy machine.
    test.setTimeout(300_000);
    const marker = `Checked by two editors on run ${Date.now()}.`;

    // Editor A (Erin) opens the guide from the editor's list.
    await signInAs("erin.editor@example.com");
    await page.goto("/editor");
    await expect(page.getByRole("heading", { level: 1, name: "Guide editor" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("link", { name: TITLE, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/editor/${SLUG}$`));
    await expectAccessible(page);
    const source = page.getByLabel("Guide text (MDX)");
    const original = await source.inputValue();
    expect(original).toContain(`title: "${TITLE}"`);

    // Hostile MDX is refused with the line that offends, and nothing is stored.
    await source.fill(original.replace(/\n---\n\n/, "\n---\n\nimport fs from 'node:fs'\n\n"));
    await page.getByRole("button", { name: "Save draft" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary).toContainText('Line 9: A line starting with "import" is code');
    await expect(summary.getByRole("link").first()).toHaveAttribute("href", `#${await source.getAttribute("id")}`);
    await expect(summary).toBeFocused();
    await expectAccessible(page);
    expect(await database.db.selectFrom("guide_revisions").select("id").where("slug", "=", SLUG).where("status", "=", "draft").execute()).toEqual([]);

    // Preview goes through the customers' pipeline; then save and submit.
    const withMarker = original.replace(/\n---\n\n/, `\n---\n\n${marker}\n\n`);
    await source.fill(withMarker);
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByRole("region", { name: /Preview \(not saved\)/ });
    await expect(preview).toContainText(marker);
    await expect(preview.getByRole("heading", { level: 2, name: TITLE })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Save and submit for review" }).click();
    await expect(page.getByRole("status")).toContainText("Submitted for review");
    await expectAccessible(page);

    // Editor A cannot publish their own revision: no control, and a hand-made request is refused.
    await expect(page.getByText("You wrote this revision, so another editor must publish or reject it.")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Publish revision/ })).toHaveCount(0);
    const inReview = await database.db.selectFrom("guide_revisions").select(["id", "number"]).where("slug", "=", SLUG).where("status", "=", "in_review").executeTakeFirstOrThrow();
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const forgedStatus = await page.evaluate(
      async ({ url, body }) => (await fetch(url, { method: "POST", body: new URLSearchParams(body), redirect: "manual" })).status,
      { url: `/editor/${SLUG}`, body: { _csrf: csrf, intent: "publish", revisionId: inReview.id } },
    );
    expect(forgedStatus).toBe(403);
    expect((await database.db.selectFrom("guide_revisions").select("status").where("id", "=", inReview.id).executeTakeFirstOrThrow()).status).toBe("in_review");

    // Editor B (Felix) reviews the change and publishes it.
    await signInAs("felix.editor@example.com");
    await page.goto("/editor");
    const awaiting = page.getByRole("region", { name: "Waiting for your review" });
    await expect(awaiting).toContainText(`revision ${inReview.number} by Erin Walsh`);
    await expectAccessible(page);
    await awaiting.getByRole("link", { name: TITLE }).click();
    const review = page.getByRole("region", { name: `Revision ${inReview.number} is waiting for review` });
    await expect(review.getByRole("table")).toContainText(marker);
    await expectAccessible(page);
    await review.getByRole("button", { name: `Publish revision ${inReview.number}` }).click();
    await expect(page.getByRole("status")).toContainText("Published. Customers now see this revision.");
    await expectAccessible(page);

    // Customers see the new text.
    await page.goto(`/security/guides/${SLUG}`);
    await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
    await expect(page.getByRole("article")).toContainText(marker);
    await expectAccessible(page);

    // Editor B restores the original revision as a new draft; customers keep the published text.
    await page.goto(`/editor/${SLUG}/history`);
    await expect(page.getByRole("table").first()).toContainText("Published");
    await expectAccessible(page);
    // What customers see is not offered for restore; older revisions are.
    const publishedRow = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: String(inReview.number), exact: true }) });
    await expect(publishedRow).toContainText("Customers see this revision");
    await expect(page.getByRole("button", { name: `Restore revision ${inReview.number} as a new draft` })).toHaveCount(0);
    await page.getByRole("button", { name: "Restore revision 1 as a new draft" }).click();
    await expect(page).toHaveURL(new RegExp(`/editor/${SLUG}\\?status=restored$`));
    await expect(page.getByRole("status")).toContainText("The earlier revision is now a new draft");
    await expect(page.getByLabel("Guide text (MDX)")).toHaveValue(original);
    await expectAccessible(page);
    const restored = await database.db.selectFrom("guide_revisions").select(["number", "author_id", "status", "source"]).where("slug", "=", SLUG).orderBy("number", "desc").executeTakeFirstOrThrow();
    expect(restored).toMatchObject({ number: inReview.number + 1, status: "draft", source: original });

    await page.goto(`/editor/${SLUG}/history?from=1&to=${inReview.number}`);
    await expect(page.getByText(`Revision 1 → revision ${inReview.number}: 7 words added, 0 words removed.`)).toBeVisible();
    await expect(page.getByRole("rowheader").filter({ hasText: "restored from 1" })).toContainText(String(restored.number));
    await expectAccessible(page);

    await page.goto(`/security/guides/${SLUG}`);
    await expect(page.getByRole("article")).toContainText(marker);
    await expectAccessible(page);
    expect(cspViolations).toEqual([]);
  });

  test("customers search and browse categories with JavaScript turned off", async ({ browser, baseURL, page: checker }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
    const page = await context.newPage();
    // axe runs as a script, which this context forbids: check the same server-rendered URL in a normal tab.
    const expectAccessibleNoScript = async (noScript: typeof page) => {
      await checker.goto(noScript.url());
      await expectAccessible(checker);
    };
    try {
      await page.goto("/security/guides");
      await expect(page.getByRole("heading", { level: 2, name: "All guides" })).toBeVisible();
      await expectAccessibleNoScript(page);

      await page.getByLabel("Search guides").fill("VPN");
      await page.getByRole("button", { name: "Search" }).click();
      await expect(page).toHaveURL(/\?q=VPN/);
      const results = page.getByRole("region", { name: /matching “VPN”/ });
      await expect(results.getByRole("link", { name: TITLE })).toBeVisible();
      await expect(results.getByRole("link", { name: "Freezing and unfreezing your card" })).toHaveCount(0);
      await expectAccessibleNoScript(page);

      await page.goto("/security/guides");
      await page.getByRole("navigation", { name: "Guide categories" }).getByRole("link", { name: /^Travel/ }).click();
      await expect(page).toHaveURL(/\?category=travel$/);
      const travel = page.getByRole("region", { name: /in Travel$/ });
      await expect(travel.getByRole("link", { name: "Travelling with your card" })).toBeVisible();
      const cards = travel.getByRole("listitem");
      expect(await cards.count()).toBeGreaterThan(0);
      for (const card of await cards.all()) await expect(card).toContainText(/^Travel/);
      await expectAccessibleNoScript(page);

      await page.getByLabel("Category").selectOption("cards");
      await page.getByLabel("Search guides").fill("refund");
      await page.getByRole("button", { name: "Search" }).click();
      await expect(page).toHaveURL(/\?q=refund&category=cards$/);
      await page.getByRole("link", { name: "Freezing and unfreezing your card" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Freezing and unfreezing your card" })).toBeVisible();
      await expect(page.getByRole("complementary", { name: "Related guides" }).getByRole("link").first()).toBeVisible();
      await expectAccessibleNoScript(page);
    } finally {
      await context.close();
    }
  });

  test("a guide page runs under the CSP with Trusted Types, on load and on client-side navigation", async ({ page, cspViolations }) => {
    const response = await page.goto("/security/guides/freezing-your-card");
    expect(response?.status()).toBe(200);
    const csp = response?.headers()["content-security-policy"] ?? "";
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).toContain("trusted-types 'none'");
    await expect(page.getByRole("heading", { level: 1, name: "Freezing and unfreezing your card" })).toBeVisible();
    // The guide's own components survive the trip through the element tree.
    await expect(page.getByRole("note").first()).toContainText("Tip: Why unfreezing asks for your passkey");
    await expect(page.getByRole("group").filter({ hasText: "Show the answer" })).toHaveCount(1);
    await waitForHydration(page);
    await expectAccessible(page);

    // Router navigation renders the next guide from loader data alone, with no HTML strings.
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = "still-here"));
    const related = page.getByRole("complementary", { name: "Related guides" }).getByRole("link").first();
    const nextTitle = (await related.textContent()) ?? "";
    await related.click();
    await expect(page.getByRole("heading", { level: 1, name: nextTitle })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("still-here");
    await expectAccessible(page);

    await page.getByRole("link", { name: "Security guides" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Security guides" })).toBeVisible();
    await expectAccessible(page);
    expect(cspViolations).toEqual([]);

    const missing = await page.goto("/security/guides/no-such-guide");
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expectAccessible(page);
  });
});
