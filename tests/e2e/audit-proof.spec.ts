import crypto from "node:crypto";
import { recordAuditEvent } from "../../app/audit/audit-log.server";
import { checkpointSignatureValid, leafHash, verifyInclusion, type Checkpoint } from "../../app/audit/merkle";
import { findUserIdByEmail } from "../../app/users/users.server";
import { expect, expectAccessible, test } from "./fixtures";

test("a customer downloads a proof of their own entry that checks out with the public key alone", async ({ page, signInAs, cspViolations }) => {
  const email = "ben@example.com";
  const userId = await findUserIdByEmail(email);
  const marker = crypto.randomUUID().slice(0, 8);
  // What renaming a passkey records; the server's own sequencer seals it within a moment.
  await recordAuditEvent({ actorId: userId, actorRole: "customer", action: "passkey.renamed", subjectType: "user", subjectId: userId, ip: "203.0.113.9", userAgent: "Playwright", details: { name: marker } });
  await signInAs(email);

  const link = page.getByRole("link", { name: "Proof this entry is in our signed log (JSON)" }).first();
  await expect(async () => {
    await page.goto("/security/activity");
    await expect(link).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expectAccessible(page);

  const proofResponse = await page.request.get(String(await link.getAttribute("href")));
  expect(proofResponse.status()).toBe(200);
  const proof = (await proofResponse.json()) as { canonical: string; leafIndex: number; leafHash: string; path: string[]; checkpoint: Checkpoint; publicKey: string };
  const keyResponse = await page.request.get(proof.publicKey);
  expect(keyResponse.status()).toBe(200);
  const publicKey = crypto.createPublicKey(await keyResponse.text());
  expect(leafHash(proof.canonical)).toBe(proof.leafHash);
  expect(verifyInclusion(proof.leafIndex, proof.checkpoint.treeSize, proof.leafHash, proof.path, proof.checkpoint.rootHash)).toBe(true);
  expect(checkpointSignatureValid(publicKey, proof.checkpoint)).toBe(true);
  expect(verifyInclusion(proof.leafIndex, proof.checkpoint.treeSize, leafHash(proof.canonical.replace("203.0.113", "198.51.100")), proof.path, proof.checkpoint.rootHash)).toBe(false);

  // Another person's entry is not found, and the proof route needs a session.
  expect((await page.request.get("/security/activity/1/proof")).status()).toBe(404);
  expect(cspViolations).toEqual([]);
});
