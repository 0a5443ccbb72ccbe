import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import { appendAudit, recordAuditEvent } from "../../app/audit/audit-log.server";
import { sealPending } from "../../app/audit/audit-sequencer.server";
import { canonicalEntry, Frontier, keyIdOf, leafHash, signingKeyFromSeed, type Checkpoint } from "../../app/audit/merkle";
import { inWriteTransaction } from "../../app/db.server";
import type { Database } from "../../db/schema";
import { memoryWitness, sealNow, sequencerOptions, TEST_AUDIT_PUBLIC_KEY, verifyNow } from "../support/audit";
import { tamperWithAuditLog } from "../support/tamper";
import { testEngines, useFreshDatabase } from "../support/test-database";

const event = (n: number) => ({
  actorId: `user-${n}`,
  actorRole: "customer",
  action: "test.event",
  subjectType: "thing",
  subjectId: String(n),
  ip: "203.0.113.1",
  userAgent: "Vitest",
  details: { n },
});

/**
 * The insider with schema rights and no signing key: recomputes every leaf, every node and
 * every checkpoint root from the (edited) entries, keeping the old signatures, which they
 * cannot redo.
 */
async function recomputeEverythingButSignatures(db: Kysely<Database>): Promise<void> {
  const leaves = await db.selectFrom("audit_leaves").innerJoin("audit_log", "audit_log.seq", "audit_leaves.audit_seq").selectAll("audit_log").select("leaf_index").orderBy("leaf_index").execute();
  const checkpoints = await db.selectFrom("audit_checkpoints").select("tree_size").orderBy("tree_size").execute();
  const frontier = new Frontier();
  const roots = new Map<number, string>();
  const nodes = [];
  for (const row of leaves) {
    nodes.push(...frontier.append(leafHash(canonicalEntry({ ...row, seq: Number(row.seq) }))));
    roots.set(frontier.size, frontier.root());
  }
  await db.deleteFrom("audit_nodes").execute();
  for (const node of nodes) await db.insertInto("audit_nodes").values(node).execute();
  for (const checkpoint of checkpoints) {
    await db.updateTable("audit_checkpoints").set({ root_hash: roots.get(Number(checkpoint.tree_size)) as string }).where("tree_size", "=", checkpoint.tree_size).execute();
  }
}

describe.each(testEngines())("audit log on %s", (engine) => {
  const database = useFreshDatabase(engine);
  const handle = () => database.current().handle;
  const append = (n: number) => recordAuditEvent(event(n));
  // Each test starts from an empty log (tests below tamper with it).
  beforeEach(async () => {
    await tamperWithAuditLog(handle().db, async (t) => {
      for (const table of ["audit_checkpoints", "audit_nodes", "audit_leaves", "audit_log"] as const) await t.deleteFrom(table).execute();
    });
  });

  it("seals committed entries into signed checkpoints that verify", async () => {
    for (let n = 1; n <= 5; n += 1) await append(n);
    const { witness, lines } = memoryWitness();
    expect(await sealNow(handle(), { witness })).toBe(5);
    expect(lines.map((c) => c.treeSize)).toEqual([5]);
    const verdict = await verifyNow(handle().db, lines);
    expect(verdict).toMatchObject({ ok: true, sealed: 5, checkpoints: 1, witnessed: 1 });
    // Nothing new: no empty checkpoint.
    expect(await sealNow(handle(), { witness })).toBe(0);
    expect(lines).toHaveLength(1);
  });

  it("refuses to change or delete an entry or the sealed tree", async () => {
    const { db } = handle();
    await append(99);
    await sealNow(handle());
    await expect(db.updateTable("audit_log").set({ action: "test.rewritten" }).where("action", "=", "test.event").execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("audit_leaves").execute()).rejects.toThrow(/append-only/);
    await expect(db.updateTable("audit_checkpoints").set({ root_hash: "0".repeat(64) }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("audit_nodes").execute()).rejects.toThrow(/append-only/);
    if (engine === "postgres") await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect(await db.selectFrom("audit_log").select("seq").where("action", "=", "test.rewritten").execute()).toEqual([]);
  });

  it("an entry written in a transaction that rolls back leaves no trace", async () => {
    const before = await handle().db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    await expect(
      inWriteTransaction(async (trx) => {
        await appendAudit(event(7), trx);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const after = await handle().db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("names the edited entry when the insider recomputes everything but the signatures", async () => {
    const { db } = handle();
    // One entry per batch here, so each checkpoint covers exactly one entry.
    for (let n = 1; n <= 3; n += 1) {
      await append(100 + n);
      await sealNow(handle());
    }
    const target = await db.selectFrom("audit_log").select("seq").where("subject_id", "=", "102").executeTakeFirstOrThrow();
    expect((await verifyNow(db)).ok).toBe(true);
    await tamperWithAuditLog(db, async (t) => {
      await t.updateTable("audit_log").set({ details: JSON.stringify({ n: 999 }) }).where("seq", "=", target.seq).execute();
      await recomputeEverythingButSignatures(t);
    });
    const verdict = await verifyNow(db);
    expect(verdict.ok).toBe(false);
    expect(verdict).toMatchObject({ seq: target.seq });
    expect(!verdict.ok && verdict.failure).toContain(`entry seq ${target.seq} `);
  });

  it("in a batch of many, names the checkpoint and the entries it covers", async () => {
    const { db } = handle();
    for (let n = 1; n <= 4; n += 1) await append(200 + n);
    await sealNow(handle());
    const target = await db.selectFrom("audit_log").select("seq").where("subject_id", "=", "203").executeTakeFirstOrThrow();
    await tamperWithAuditLog(db, async (t) => {
      await t.updateTable("audit_log").set({ action: "test.rewritten" }).where("seq", "=", target.seq).execute();
      await recomputeEverythingButSignatures(t);
    });
    const verdict = await verifyNow(db);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.failure).toMatch(new RegExp(`checkpoint of size \\d+ .*signature does not verify.*one of entries seq [\\d, ]*\\b${target.seq}\\b`));
  });

  it("seals every entry exactly once while 100 writers append and the sequencer runs", async () => {
    let writing = true;
    const sequencer = (async () => {
      while (writing) {
        await sealPending(sequencerOptions(handle(), { batchSize: 8 }));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    await Promise.all(Array.from({ length: 100 }, (_, n) => append(n)));
    writing = false;
    await sequencer;
    await sealNow(handle());
    const entries = await handle().db.selectFrom("audit_log").select("seq").execute();
    const leaves = await handle().db.selectFrom("audit_leaves").select(["leaf_index", "audit_seq"]).orderBy("leaf_index").execute();
    expect(entries).toHaveLength(100);
    expect(leaves.map((l) => Number(l.leaf_index))).toEqual([...Array(100).keys()]);
    expect(leaves.map((l) => Number(l.audit_seq)).sort((a, b) => a - b)).toEqual(entries.map((e) => Number(e.seq)).sort((a, b) => a - b));
    expect(await verifyNow(handle().db)).toMatchObject({ ok: true, sealed: 100 });
  });

  // Once the cluster's transaction ids gained a digit (99999 to 100000), ordering by their text
  // put the new ids first: the sequencer skipped the older entries, then failed every batch on
  // a leaf it had already written, and npm run bench left thousands unsealed.
  it.runIf(engine === "postgres")("seals in transaction id order across a digit boundary of the id", async () => {
    const at = new Date().toISOString();
    // Ids long ended, so all four are sealable; inserted out of order, as commits arrive.
    for (const tx of ["10", "9", "100", "99"]) {
      await sql`insert into audit_log (at, action, details, tx) values (${at}, 'test.event', ${JSON.stringify({ tx })}, ${tx}::xid8)`.execute(handle().db);
    }
    expect(await sealNow(handle(), { batchSize: 2 })).toBe(4);
    const sealed = await handle().db.selectFrom("audit_leaves").innerJoin("audit_log", "audit_log.seq", "audit_leaves.audit_seq").select("details").orderBy("leaf_index").execute();
    expect(sealed.map((row) => (JSON.parse(row.details) as { tx: string }).tx)).toEqual(["9", "10", "99", "100"]);
    expect(await sealNow(handle())).toBe(0);
    expect(await verifyNow(handle().db)).toMatchObject({ ok: true, sealed: 4 });
  });

  describe("tampering and failover", () => {
    it("names an entry altered without recomputing its leaf", async () => {
      for (let n = 1; n <= 3; n += 1) await append(n);
      await sealNow(handle());
      const target = await handle().db.selectFrom("audit_log").select("seq").where("subject_id", "=", "2").executeTakeFirstOrThrow();
      await tamperWithAuditLog(handle().db, (t) => t.updateTable("audit_log").set({ ip: "198.51.100.9" }).where("seq", "=", target.seq).execute());
      expect(await verifyNow(handle().db)).toMatchObject({ ok: false, seq: target.seq });
    });

    it("catches the tail deleted with its checkpoints only with the witness", async () => {
      const { witness, lines } = memoryWitness();
      for (let n = 1; n <= 3; n += 1) await append(n);
      await sealNow(handle(), { witness });
      for (let n = 4; n <= 6; n += 1) await append(n);
      await sealNow(handle(), { witness });
      await tamperWithAuditLog(handle().db, async (t) => {
        await t.deleteFrom("audit_checkpoints").where("tree_size", ">", 3).execute();
        await t.deleteFrom("audit_leaves").where("leaf_index", ">=", 3).execute();
        await t.deleteFrom("audit_nodes").where((eb) => eb.or([eb.and([eb("level", "=", 0), eb("idx", ">=", 3)]), eb.and([eb("level", "=", 1), eb("idx", ">=", 1)]), eb("level", ">=", 2)])).execute();
        await t.deleteFrom("audit_log").where("subject_id", "in", ["4", "5", "6"]).execute();
      });
      expect((await verifyNow(handle().db)).ok).toBe(true);
      const verdict = await verifyNow(handle().db, lines);
      expect(verdict.ok).toBe(false);
      expect(!verdict.ok && verdict.failure).toMatch(/witness checkpoint of size 6 .*holds only 3 sealed entries/);
    });

    it("refuses a forged checkpoint signature", async () => {
      for (let n = 1; n <= 2; n += 1) await append(n);
      await sealNow(handle());
      const forger = crypto.generateKeyPairSync("ed25519").privateKey;
      await append(3);
      // A sequencer holding the wrong key: its checkpoint is refused by the public key.
      await sealNow(handle(), { signingKey: forger });
      const verdict = await verifyNow(handle().db);
      expect(verdict).toMatchObject({ ok: false, treeSize: 3 });
      expect(!verdict.ok && verdict.failure).toMatch(/checkpoint of size 3 .*signature does not verify/);
      const forgedLine: Checkpoint = { treeSize: 2, rootHash: "a".repeat(64), signedAt: new Date().toISOString(), keyId: "x", signature: Buffer.alloc(64).toString("base64") };
      expect(await verifyNow(handle().db, [forgedLine])).toMatchObject({ ok: false, treeSize: 2 });
    });

    it("after a key rotation, checks each checkpoint with the key it names among those given", async () => {
      const { witness, lines } = memoryWitness();
      for (let n = 1; n <= 2; n += 1) await append(n);
      await sealNow(handle(), { witness });
      const rotated = signingKeyFromSeed(Buffer.alloc(32, 8));
      await append(3);
      await sealNow(handle(), { witness, signingKey: rotated });
      const both = [TEST_AUDIT_PUBLIC_KEY, crypto.createPublicKey(rotated)];
      expect(await verifyNow(handle().db, lines, both)).toMatchObject({ ok: true, sealed: 3, checkpoints: 2, witnessed: 2 });
      const oldOnly = await verifyNow(handle().db, lines);
      expect(oldOnly).toMatchObject({ ok: false, treeSize: 3 });
      expect(!oldOnly.ok && oldOnly.failure).toMatch(new RegExp(`checkpoint of size 3 .*signature does not verify: it names key id ${keyIdOf(rotated)}, none of the audit public keys given`));
      // The key id is not signed: pointing an old checkpoint at the new key does not pass.
      const renamed = await verifyNow(handle().db, [{ ...(lines[0] as Checkpoint), keyId: keyIdOf(rotated) }], both);
      expect(renamed).toMatchObject({ ok: false, treeSize: 2 });
      expect(!renamed.ok && renamed.failure).toMatch(/witness checkpoint of size 2 .*does not verify with the audit public key/);
    });

    it("takes over from a holder that dies mid-batch: nothing sealed twice or skipped", async () => {
      for (let n = 1; n <= 10; n += 1) await append(n);
      // Past the lease the earlier tests' sequencer took.
      let at = Date.now() + 60_000;
      const clock = () => new Date(at);
      const crash = new Error("instance died");
      await expect(
        sealPending(
          sequencerOptions(handle(), {
            holder: "instance-a",
            now: clock,
            batchSize: 4,
            beforeCommit: async () => {
              throw crash;
            },
          }),
        ),
      ).rejects.toThrow(crash);
      // A has the lease but its batch never committed; B waits for the lease to expire.
      expect(await sealPending(sequencerOptions(handle(), { holder: "instance-b", now: clock, batchSize: 4 }))).toMatchObject({ held: false });
      at += 11_000;
      const sealed = await sealNow(handle(), { holder: "instance-b", now: clock, batchSize: 4 });
      expect(sealed).toBe(10);
      // A comes back: the lease is B's, so A seals nothing.
      expect(await sealPending(sequencerOptions(handle(), { holder: "instance-a", now: clock }))).toMatchObject({ held: false, sealed: 0 });
      const leaves = await handle().db.selectFrom("audit_leaves").select(["leaf_index", "audit_seq"]).orderBy("leaf_index").execute();
      const entries = await handle().db.selectFrom("audit_log").select("seq").orderBy("seq").execute();
      expect(leaves.map((l) => Number(l.leaf_index))).toEqual([...Array(10).keys()]);
      expect(leaves.map((l) => Number(l.audit_seq)).sort((a, b) => a - b)).toEqual(entries.map((e) => Number(e.seq)));
      expect(await verifyNow(handle().db)).toMatchObject({ ok: true, sealed: 10, checkpoints: 3 });
    });
  });
});
