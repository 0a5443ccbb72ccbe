import crypto from "node:crypto";
import type { Page } from "@playwright/test";
import type { Role } from "../../db/schema";
import { issueEnrolmentCode } from "../../app/auth/enrolment-codes.server";
import { createUser } from "../../app/users/users.server";
import { expect } from "./fixtures";
import { VirtualAuthenticator } from "./virtual-authenticator";

/** Enrols on /enrol as a person would, with a passkey created in this page's virtual authenticator. */
export async function enrolThroughPage(page: Page, email: string, code: string): Promise<VirtualAuthenticator> {
  const authenticator = await VirtualAuthenticator.attach(page);
  await page.goto("/enrol");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Enrolment code").fill(code);
  await page.getByRole("button", { name: "Create my passkey" }).click();
  await expect(page).toHaveURL(/enrolled=1/);
  return authenticator;
}

/** A new person with these roles who signs in with a real passkey, enrolled through /enrol. */
export async function enrolledPerson(page: Page, roles: Role[], displayName: string, emailPrefix = "person") {
  const email = `${emailPrefix}.${crypto.randomUUID()}@example.com`;
  const userId = await createUser({ displayName, email, roles });
  const authenticator = await enrolThroughPage(page, email, await issueEnrolmentCode(userId, null));
  return { userId, email, authenticator };
}
