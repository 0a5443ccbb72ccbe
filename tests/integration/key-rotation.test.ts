import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { recordAuditEvent } from "../../app/audit/audit-log.server";
import { keyIdOf as auditKeyIdOf, publicKeyPem, signingKeyFromSeed } from "../../app/audit/merkle";
import { reencryptUnderNewestKey } from "../../app/crypto/rotate-keys.server";
import { keyIdOf } from "../../app/crypto/field-encryption.server";
import { db } from "../../app/db.server";
import { sealSessionId, unsealSessionId } from "../../app/session/session-cookie.server";
import { createUser, readContactDetails } from "../../app/users/users.server";
import { sealNow, TEST_AUDIT_KEY } from "../support/audit";
import { tamperWithAuditLog } from "../support/tamper";
import { TEST_SECRETS, testEnv } from "../support/test-env";
import { testEngines, useFreshDatabase } from "../support/test-database";

const key = (id: string) => `${id}:${crypto.randomBytes(32).toString("base64")}`;

describe.each(testEngines())("key rotation on %s", (engine) => {
  const database = useFreshDatabase(engine);

  it("re-encrypts PII under the newest key; old keys can then be retired", async () => {
    const k1 = key("k1");
    testEnv({ DATA_KEYS: k1 });
    const ids = await Promise.all(["a", "b", "c"].map((n) => createUser({ displayName: n, email: `${n}@example.com`, phone: "+44 7700 900000", roles: ["customer"] })));
    const k2 = key("k2");
    testEnv({ DATA_KEYS: `${k2},${k1}` });
    expect(await reencryptUnderNewestKey()).toEqual({ rewritten: 3, scanned: 3 });
    const rows = await db().selectFrom("users").select(["email_enc", "phone_enc"]).execute();
    for (const row of rows) {
      expect(keyIdOf(row.email_enc)).toBe("k2");
      expect(keyIdOf(row.phone_enc as string)).toBe("k2");
    }
    testEnv({ DATA_KEYS: k2 });
    expect(await readContactDetails(ids[0]!)).toEqual({ email: "a@example.com", phone: "+44 7700 900000" });
    expect(await reencryptUnderNewestKey()).toEqual({ rewritten: 0, scanned: 3 });
    testEnv();
  });

  it("audit:verify exits 0 on an intact log and names the first altered entry", async () => {
    await recordAuditEvent({ actorId: null, actorRole: "system", action: "test.one" });
    await recordAuditEvent({ actorId: null, actorRole: "system", action: "test.two" });
    await sealNow(database.current().handle);
    const run = () =>
      execFileSync("npx", ["tsx", "app/ops/cli/audit-verify.ts"], {
        env: { ...process.env, ...TEST_SECRETS, NODE_ENV: "test", DATABASE_URL: database.current().url },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    expect(run()).toMatch(/Audit log intact: \d+ entries sealed, \d+ checkpoints verified/);
    await tamperWithAuditLog(db(), (t) => t.updateTable("audit_log").set({ action: "test.tampered" }).where("action", "=", "test.two").execute());
    const broken = await db().selectFrom("audit_log").select("seq").where("action", "=", "test.tampered").executeTakeFirstOrThrow();
    let failure: { status?: number; stderr?: string } = {};
    try {
      run();
    } catch (error) {
      failure = error as typeof failure;
    }
    expect(failure.status).toBe(1);
    expect(failure.stderr).toContain(`entry seq ${broken.seq} `);
  });

  it("audit:verify checks checkpoints signed before and after an audit key rotation with both public keys", async () => {
    // From an empty log: the test above left an altered entry behind.
    await tamperWithAuditLog(db(), async (t) => {
      for (const table of ["audit_checkpoints", "audit_nodes", "audit_leaves", "audit_log"] as const) await t.deleteFrom(table).execute();
    });
    await recordAuditEvent({ actorId: null, actorRole: "system", action: "test.before-rotation" });
    await sealNow(database.current().handle);
    const rotated = signingKeyFromSeed(crypto.randomBytes(32));
    await recordAuditEvent({ actorId: null, actorRole: "system", action: "test.after-rotation" });
    await sealNow(database.current().handle, { signingKey: rotated });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-keys-"));
    const [oldPem, newPem] = [TEST_AUDIT_KEY, rotated].map((signing, i) => {
      const file = path.join(dir, `key-${i}.pem`);
      fs.writeFileSync(file, publicKeyPem(signing));
      return file;
    }) as [string, string];
    const run = (...keys: string[]) =>
      execFileSync("npx", ["tsx", "app/ops/cli/audit-verify.ts", ...keys.flatMap((file) => ["--public-key", file])], {
        env: { ...process.env, ...TEST_SECRETS, NODE_ENV: "test", DATABASE_URL: database.current().url },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    try {
      expect(run(oldPem, newPem)).toMatch(/Audit log intact: \d+ entries sealed, \d+ checkpoints verified/);
      let failure: { status?: number; stderr?: string } = {};
      try {
        run(oldPem);
      } catch (error) {
        failure = error as typeof failure;
      }
      expect(failure.status).toBe(1);
      expect(failure.stderr).toContain(`names key id ${auditKeyIdOf(rotated)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("session secret rotation", () => {
  it("keeps opening cookies sealed with an older secret, seals with the newest", async () => {
    testEnv({ SESSION_SECRETS: "1:old-secret-00000000000000000000000000000000" });
    const old = await sealSessionId("session-1");
    testEnv({ SESSION_SECRETS: "2:new-secret-00000000000000000000000000000000,1:old-secret-00000000000000000000000000000000" });
    expect(await unsealSessionId(old)).toBe("session-1");
    const fresh = await sealSessionId("session-2");
    // The old secret is retired: the newest keeps its id, so its cookies still open.
    testEnv({ SESSION_SECRETS: "2:new-secret-00000000000000000000000000000000" });
    expect(await unsealSessionId(fresh)).toBe("session-2");
    expect(await unsealSessionId(old)).toBeNull();
    testEnv();
  });
});
