import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type Page } from "@playwright/test";
import { openDatabase, type DatabaseHandle } from "../../db/connection";
import { setAppDatabase } from "../../app/db.server";
import { startSignedInSession } from "../../app/session/session.server";
import { SESSION_COOKIE } from "../../app/session/session-cookie.server";
import { findUserIdByEmail } from "../../app/users/users.server";
import { requestContext } from "../support/request-context";
import { TEST_SQLITE_KEY, testEnv } from "../support/test-env";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/** Every page check calls this: any WCAG 2.x A/AA violation fails the test. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, `accessibility violations on ${page.url()}`).toEqual([]);
}

/** Mints a session for a person and sets its sealed cookie in this page's browser context. */
export async function mintSignIn(page: Page, baseURL: string, email: string): Promise<void> {
  const userId = await findUserIdByEmail(email);
  if (!userId) throw new Error(`no demo person ${email}`);
  const context = requestContext({ userAgent: "Playwright" });
  await startSignedInSession(new Request(`${baseURL}/`), context, userId);
  const value = decodeURIComponent(context.cookies.at(-1)!.split(";")[0]!.slice(SESSION_COOKIE.length + 1));
  // Playwright's addCookies always sends a Domain, which a __Host- cookie must not have;
  // CDP with only a URL makes the host-only cookie the server itself would set.
  const cdp = await page.context().newCDPSession(page);
  const { success } = await cdp.send("Network.setCookie", { name: SESSION_COOKIE, value, url: `${baseURL}/`, path: "/", secure: true, httpOnly: true, sameSite: "Lax" });
  await cdp.detach();
  if (!success) throw new Error("the browser refused the minted session cookie");
}

interface Fixtures {
  /** The server's database, opened by the test runner (never through the app's HTTP surface). */
  database: DatabaseHandle;
  /** Minted sign-in: inserts a session row and sets the sealed cookie, as the real sign-in would. */
  signInAs: (email: string) => Promise<void>;
  /** Console messages about CSP or Trusted Types; tests assert it stays empty. */
  cspViolations: string[];
}

export const test = base.extend<Fixtures>({
  // Automatic: every test may create data through the server modules.
  database: [
    async ({}, use, testInfo) => {
      testEnv();
      const handle = openDatabase(String(testInfo.project.metadata.databaseUrl), { poolSize: 4, key: TEST_SQLITE_KEY });
      setAppDatabase(handle);
      // Every test starts with fresh rate-limit windows; they key on IP, and all tests share 127.0.0.1.
      await handle.db.deleteFrom("rate_limits").execute();
      await use(handle);
      await handle.close();
    },
    { auto: true },
  ],
  signInAs: async ({ page, database, baseURL }, use) => {
    void database;
    await use((email: string) => mintSignIn(page, String(baseURL), email));
  },
  cspViolations: async ({ page }, use) => {
    const messages: string[] = [];
    page.on("console", (message) => {
      const text = message.text();
      if (/Content Security Policy|Trusted Type|TrustedHTML|TrustedScript/i.test(text)) messages.push(text);
    });
    await use(messages);
  },
});

export { expect };
