import { issueEnrolmentCode } from "../../app/auth/enrolment-codes.server";
import { createUser } from "../../app/users/users.server";
import type { BrowserContext, Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { enrolThroughPage } from "./enrolment";
import { VirtualAuthenticator } from "./virtual-authenticator";

/**
 * Chromium's virtual authenticator usually answers the autofill (conditional UI) request
 * by itself; when it has not within a moment, use the button like a person would.
 */
async function completeSignIn(page: Page) {
  const left = await page.waitForURL((url) => url.pathname !== "/sign-in", { timeout: 2_000 }).then(
    () => true,
    () => false,
  );
  // On a slow machine the autofill may finish while the button is being looked for.
  if (!left) await page.getByRole("button", { name: "Sign in with a passkey" }).click({ timeout: 10_000 }).catch(() => undefined);
  await page.waitForURL((url) => url.pathname !== "/sign-in");
}

type SignalCall = { method: string; options: Record<string, unknown> };

/**
 * Records every WebAuthn Signal API call the page makes, then lets it through to the browser.
 * Fails the test where Chromium lacks the methods: the app feature-detects, so a missing
 * method would otherwise look like "not called" for the wrong reason.
 */
async function spyOnSignals(context: BrowserContext): Promise<SignalCall[]> {
  const calls: SignalCall[] = [];
  await context.exposeBinding("__recordSignal", (_source, method: string, options: Record<string, unknown>) => void calls.push({ method, options }));
  await context.addInitScript(() => {
    const pkc = window.PublicKeyCredential as unknown as Record<string, unknown> | undefined;
    const record = (window as unknown as { __recordSignal: (method: string, options: unknown) => void }).__recordSignal;
    for (const method of ["signalUnknownCredential", "signalAllAcceptedCredentials", "signalCurrentUserDetails"]) {
      const original = pkc?.[method];
      if (typeof original !== "function") continue;
      pkc![method] = function (this: unknown, options: unknown) {
        record(method, options);
        return (original as (options: unknown) => Promise<void>).call(this, options);
      };
    }
  });
  return calls;
}

const base64url = (text: string) => Buffer.from(text).toString("base64url");
const fromCdpId = (id: string) => Buffer.from(id, "base64").toString("base64url");

async function newPerson(email: string) {
  const userId = await createUser({ displayName: "Priya Shah", email, roles: ["customer"] });
  return { userId, code: await issueEnrolmentCode(userId, null) };
}

test.describe("passkeys", () => {
  test("enrol → sign in → add → rename → remove → sign out everywhere from another browser", async ({ page, browser, database, cspViolations }) => {
    const email = `priya.${Date.now()}@example.com`;
    const { userId, code } = await newPerson(email);
    const signals = await spyOnSignals(page.context());
    const authenticator = await VirtualAuthenticator.attach(page);

    // Enrol with the one-time code.
    await page.goto("/enrol");
    expect(await page.evaluate(() => ["signalUnknownCredential", "signalAllAcceptedCredentials", "signalCurrentUserDetails"].every((m) => typeof (PublicKeyCredential as unknown as Record<string, unknown>)[m] === "function"))).toBe(true);
    await expectAccessible(page);
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Enrolment code").fill(code);
    await page.getByRole("button", { name: "Create my passkey" }).click();
    await expect(page).toHaveURL(/\/security\/passkeys\?enrolled=1$/);
    await expect(page.getByRole("status")).toContainText("Your passkey is ready");
    // The session starts here, at sign-in, in a sealed __Host- cookie.
    const session = (await page.context().cookies()).find((c) => c.name === "__Host-strongroom");
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    expect(session!.value.startsWith("Fe26.2")).toBe(true);
    await expectAccessible(page);
    const [first] = await authenticator.credentials();
    expect(first).toBeDefined();

    // Sign out, then sign in with the passkey through autofill (conditional UI, which the
    // virtual authenticator answers at once); the return path is honoured.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await page.goto("/sign-in?returnTo=%2Fsecurity%2Factivity");
    await completeSignIn(page);
    await expect(page).toHaveURL(/\/security\/activity$/);
    await expect(page.getByText("Signed in", { exact: true }).first()).toBeVisible();
    await expectAccessible(page);

    // Add a second passkey, as if from another device. Adding is confirmed with the existing
    // passkey first; then it leaves this authenticator, which holds one passkey per person and
    // site and would otherwise (rightly) be excluded from making another.
    await page.goto("/security/passkeys");
    await page.route("**/webauthn/register", async (route) => {
      if (route.request().postData()?.includes('"confirmation"')) await authenticator.remove(first!.credentialId);
      await route.continue();
    });
    await page.getByRole("button", { name: "Add a passkey" }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm this change with your passkey" });
    await expect(dialog).toContainText("Add a new passkey that can sign in to your Strongroom account");
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Confirm with passkey" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Passkey 2" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("Passkey added");
    await page.unroute("**/webauthn/register");
    const [second] = await authenticator.credentials();
    expect(second!.credentialId).not.toBe(first!.credentialId);
    await expect(page.getByRole("heading", { level: 2 })).toHaveCount(2);

    // Rename the second one, with a validation error first.
    await page.getByLabel("New name for Passkey 2").fill("   ");
    await page.getByLabel("New name for Passkey 2").evaluate((input: HTMLInputElement) => (input.required = false));
    await page.getByRole("button", { name: "Rename" }).nth(1).click();
    await expect(page.getByRole("alert")).toContainText("Enter a name for this passkey");
    // The summary leads to the field of the passkey that was being renamed, not the first one.
    await expect(page.getByRole("alert").getByRole("link", { name: "Enter a name for this passkey" })).toHaveAttribute("href", "#rename-name-1");
    await expect(page.getByLabel("New name for Passkey 2")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("New name for My first passkey")).not.toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("New name for Passkey 2").fill("Work laptop");
    await page.getByRole("button", { name: "Rename" }).nth(1).click();
    await expect(page.getByRole("heading", { level: 2, name: "Work laptop" })).toBeVisible();
    // The passkey provider is told the names this person's passkeys should show.
    await expect.poll(() => signals.filter((call) => call.method === "signalCurrentUserDetails")).toEqual([
      { method: "signalCurrentUserDetails", options: { rpId: "localhost", userId: base64url(userId), name: email, displayName: "Priya Shah" } },
    ]);

    // Removing is confirmed with a passkey, naming the one that goes.
    await page.getByRole("button", { name: "Remove My first passkey" }).click();
    await expect(dialog).toContainText("Remove the passkey “My first passkey” from your Strongroom account, so it can no longer sign in");
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Confirm with passkey" }).click();
    await expect(page.getByRole("status")).toContainText("Passkey removed");
    await expect(page.getByRole("heading", { level: 2, name: "My first passkey" })).toHaveCount(0);
    // ...and which passkeys are still accepted, so it can stop offering the removed one.
    await expect.poll(() => signals.filter((call) => call.method === "signalAllAcceptedCredentials")).toEqual([
      { method: "signalAllAcceptedCredentials", options: { rpId: "localhost", userId: base64url(userId), allAcceptedCredentialIds: [fromCdpId(second!.credentialId)] } },
    ]);

    // The last passkey cannot be removed.
    await page.getByRole("button", { name: "Remove Work laptop" }).click();
    await expect(page.getByRole("alert")).toContainText("can't remove your only passkey");

    // A second browser: the removed passkey no longer signs in; the remaining one does.
    const other = await browser.newContext();
    const otherSignals = await spyOnSignals(other);
    const otherPage = await other.newPage();
    const otherAuthenticator = await VirtualAuthenticator.attach(otherPage);
    await otherAuthenticator.add(first!);
    await otherPage.goto("/sign-in");
    const signInButton = otherPage.getByRole("button", { name: "Sign in with a passkey" });
    await expect(signInButton).toBeEnabled();
    // The autofill request usually presents the removed passkey by itself; if not, the button does.
    const presented = await expect
      .poll(() => otherSignals.length, { timeout: 3_000 })
      .toBeGreaterThan(0)
      .then(
        () => true,
        () => false,
      );
    if (!presented) await signInButton.click();
    // A credential we no longer know: the device is told, and Chromium forgets it.
    const unknownSignal = { method: "signalUnknownCredential", options: { rpId: "localhost", credentialId: fromCdpId(first!.credentialId) } };
    await expect.poll(() => otherSignals).toContainEqual(unknownSignal);
    await expect.poll(async () => (await otherAuthenticator.credentials()).length).toBe(0);
    await expect(otherPage).toHaveURL(/\/sign-in$/);
    // Presented again with the button, the page says so in words (and signals again).
    await otherAuthenticator.add(first!);
    await signInButton.click();
    await expect(otherPage.getByRole("alert")).toContainText("That passkey is no longer registered with Strongroom");
    await expect.poll(async () => (await otherAuthenticator.credentials()).length).toBe(0);
    // Copy the passkey as it is now: an older copy has a lower signature counter and the
    // server refuses it as a clone (see the counter-regression test).
    const [current] = await authenticator.credentials();
    await otherAuthenticator.add(current!);
    await completeSignIn(otherPage);
    await expect(otherPage).toHaveURL(/\/accounts$/);

    // Sign out everywhere from the second browser; the first is signed out on its next request.
    // Both virtual devices are emptied first, or the sign-in page's autofill would sign
    // straight back in, as a real person's browser might offer to.
    for (const device of [authenticator, otherAuthenticator]) {
      for (const credential of await device.credentials()) await device.remove(credential.credentialId);
    }
    await otherPage.goto("/security/sessions");
    await expect(otherPage.getByRole("row")).toHaveCount(3);
    await expectAccessible(otherPage);
    await otherPage.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(otherPage).toHaveURL(/\/sign-in$/);
    await page.goto("/security/passkeys");
    await expect(page).toHaveURL(/\/sign-in\?returnTo=/);
    await other.close();

    // The timeline shows what happened.
    const rows = await database.db
      .selectFrom("audit_log")
      .select("action")
      .where((eb) => eb.or([eb("subject_id", "=", userId), eb("actor_id", "=", userId)]))
      .orderBy("seq")
      .execute();
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["passkey.enrolled", "sign_in.succeeded", "passkey.added", "passkey.renamed", "confirmation.confirmed", "passkey.removed", "session.signed_out_everywhere"]));
    // The attempt with the removed passkey names no one (the credential is unknown now), but it is on record.
    const unknown = await database.db.selectFrom("audit_log").select("details").where("action", "=", "sign_in.failed").execute();
    expect(unknown.some((row) => row.details.includes("unknown_credential"))).toBe(true);
    expect(cspViolations).toEqual([]);
  });

  test("an enrolment code works once", async ({ page, browser }) => {
    const email = `once.${Date.now()}@example.com`;
    const { code } = await newPerson(email);
    await VirtualAuthenticator.attach(page);
    await page.goto("/enrol");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Enrolment code").fill(code);
    await page.getByRole("button", { name: "Create my passkey" }).click();
    await expect(page).toHaveURL(/enrolled=1/);

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await VirtualAuthenticator.attach(otherPage);
    await otherPage.goto("/enrol");
    await otherPage.getByLabel("Email address").fill(email);
    await otherPage.getByLabel("Enrolment code").fill(code);
    await otherPage.getByRole("button", { name: "Create my passkey" }).click();
    const summary = otherPage.getByRole("alert");
    await expect(summary).toContainText("don't match an active enrolment code");
    await expect(summary.getByRole("link")).toHaveAttribute("href", "#enrol-code");
    await expectAccessible(otherPage);
    await other.close();
  });

  for (const attempt of ["//evil.test", "https://evil.test", "/\\evil.test"]) {
    test(`sign-in never returns to ${attempt}`, async ({ page }) => {
      const email = `redirect.${Date.now()}@example.com`;
      const { code } = await newPerson(email);
      await VirtualAuthenticator.attach(page);
      await page.goto("/enrol");
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Enrolment code").fill(code);
      await page.getByRole("button", { name: "Create my passkey" }).click();
      await expect(page).toHaveURL(/enrolled=1/);
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
      await page.goto(`/sign-in?returnTo=${encodeURIComponent(attempt)}`);
      await completeSignIn(page);
      await page.waitForURL((url) => url.pathname !== "/sign-in");
      const landed = new URL(page.url());
      expect(landed.hostname).toBe("localhost");
      expect(landed.pathname).toBe("/accounts");
      expect(page.url()).not.toContain("evil");
    });
  }

  test("clear messages: this device already has a passkey; no passkey here points to enrolment and a phone", async ({ page }) => {
    const email = `dup.${Date.now()}@example.com`;
    const { code } = await newPerson(email);
    const authenticator = await enrolThroughPage(page, email, code);

    // This authenticator already holds her passkey, which the server lists as excluded.
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await page.getByRole("dialog", { name: "Confirm this change with your passkey" }).getByRole("button", { name: "Confirm with passkey" }).click();
    await expect(page.getByRole("alert")).toContainText("This device already has a Strongroom passkey.");
    await expect(page.getByRole("alert")).not.toContainText("cancelled or timed out");
    await expectAccessible(page);

    // On a device with no passkey, sign-in says so and offers the ways in.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    for (const credential of await authenticator.credentials()) await authenticator.remove(credential.credentialId);
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    const alert = page.getByRole("alert");
    await expect(alert).toContainText("No passkey was used.");
    await expect(alert).toContainText("Use a phone or tablet");
    await expect(alert.getByRole("link", { name: "Set up a passkey on this device with your enrolment code" })).toHaveAttribute("href", "/enrol");
    await expectAccessible(page);
  });
});

test.describe("passkeys without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("Add a passkey explains that passkeys need JavaScript", async ({ page, signInAs }) => {
    await signInAs("alice@example.com");
    await page.goto("/security/passkeys");
    await expect(page.getByText("Adding a passkey needs JavaScript")).toBeVisible();
    await expect(page.getByRole("button", { name: "Add a passkey" })).toBeDisabled();
  });
});
