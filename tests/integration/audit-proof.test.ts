import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { recordAuditEvent } from "../../app/audit/audit-log.server";
import { inclusionProofFor } from "../../app/audit/inclusion-proof.server";
import { publicKeyPem, verifyInclusion } from "../../app/audit/merkle";
import { securityTimeline } from "../../app/audit/security-timeline.server";
import { createUser } from "../../app/users/users.server";
import { loader as auditKeyLoader } from "../../app/routes/[.]well-known.strongroom-audit-key";
import { sealNow, TEST_AUDIT_KEY } from "../support/audit";
import { testEngines, useFreshDatabase } from "../support/test-database";

const SCRIPT = path.resolve("docs/verify-audit-proof.mjs");

describe.each(testEngines())("customer inclusion proofs on %s", (engine) => {
  const database = useFreshDatabase(engine);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-proof-"));
  const keyFile = path.join(dir, "key.pem");
  fs.writeFileSync(keyFile, publicKeyPem(TEST_AUDIT_KEY));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The README's script, run as a customer would: node, the proof file and the public key. */
  const runScript = (proof: unknown) => {
    const file = path.join(dir, `proof-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify(proof));
    try {
      return { status: 0, out: execFileSync(process.execPath, [SCRIPT, file, keyFile], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) };
    } catch (error) {
      const failed = error as { status: number; stdout: string };
      return { status: failed.status, out: failed.stdout };
    }
  };

  it("shows customers in the README exactly the script tested here", () => {
    expect(fs.readFileSync("README.md", "utf8")).toContain(fs.readFileSync(SCRIPT, "utf8"));
  });

  it("serves the public key at the well-known address", async () => {
    const response = await auditKeyLoader();
    expect(response.headers.get("Content-Type")).toMatch(/pem/);
    expect(await response.text()).toBe(publicKeyPem(TEST_AUDIT_KEY));
  });

  it("proves a customer's own entry against the signed checkpoint, and refuses an altered one", async () => {
    const alice = await createUser({ displayName: "Alice Proof", email: "alice.proof@example.com", roles: ["customer"] });
    const bob = await createUser({ displayName: "Bob Proof", email: "bob.proof@example.com", roles: ["customer"] });
    // Several batches of mixed entries, so the path has both left and right siblings.
    for (let batch = 0; batch < 3; batch += 1) {
      for (let n = 0; n < 5; n += 1) {
        const who = n % 2 === 0 ? alice : bob;
        await recordAuditEvent({ actorId: who, actorRole: "customer", action: "passkey.renamed", subjectType: "user", subjectId: who, ip: "203.0.113.7", userAgent: "Vitest", details: { n, batch } });
      }
      await sealNow(database.current().handle);
    }
    const timeline = await securityTimeline(alice);
    expect(timeline.length).toBe(9);
    expect(timeline.every((entry) => entry.provable)).toBe(true);

    for (const entry of timeline) {
      const proof = await inclusionProofFor(alice, entry.seq);
      expect(proof.checkpoint.treeSize).toBe(15);
      expect(verifyInclusion(proof.leafIndex, proof.checkpoint.treeSize, proof.leafHash, proof.path, proof.checkpoint.rootHash)).toBe(true);
    }
    const proof = await inclusionProofFor(alice, (timeline[3] as { seq: number }).seq);
    expect(runScript(proof)).toMatchObject({ status: 0, out: expect.stringMatching(/^OK: entry \d+ is leaf \d+/) });
    // The same proof with the entry changed, or a checkpoint root that was not signed, fails.
    expect(runScript({ ...proof, entry: { ...proof.entry, ip: "198.51.100.1" } })).toMatchObject({ status: 1, out: "NOT VERIFIED\n" });
    expect(runScript({ ...proof, checkpoint: { ...proof.checkpoint, rootHash: proof.leafHash } })).toMatchObject({ status: 1 });
    expect(runScript({ ...proof, leafIndex: proof.leafIndex + 1 })).toMatchObject({ status: 1 });

    // Bob's entries are not Alice's to prove; an entry not yet sealed has no proof either.
    const bobs = await securityTimeline(bob);
    await expect(inclusionProofFor(alice, (bobs[0] as { seq: number }).seq)).rejects.toMatchObject({ code: "not_found" });
    await recordAuditEvent({ actorId: alice, actorRole: "customer", action: "passkey.renamed", subjectType: "user", subjectId: alice, details: {} });
    const [newest] = await securityTimeline(alice);
    expect(newest?.provable).toBe(false);
    await expect(inclusionProofFor(alice, newest?.seq as number)).rejects.toMatchObject({ code: "not_found" });
  });
});
