import crypto from "node:crypto";
import { appendAudit } from "../../app/audit/audit-log.server";
import { sealPending, SEQUENCER_LEASE } from "../../app/audit/audit-sequencer.server";
import { authorizePayment } from "../../app/authorization/authorize-payment.server";
import { inWriteTransaction } from "../../app/db.server";
import { releaseLease } from "../../app/jobs/lease.server";
import { startSignedInSession } from "../../app/session/session.server";
import { memoryWitness, sealNow, sequencerOptions, verifyNow } from "../support/audit";
import { customerWithCard } from "../support/banking-fixtures";
import { requestContext } from "../support/request-context";
import { useFreshDatabase } from "../support/test-database";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const pay = (token: string, amountMinor = 12_34) =>
  authorizePayment(
    { cardToken: token, amountMinor, currency: "GBP", mcc: "5411", country: "GB", channel: "in_store", merchantId: "m-grocer", merchantName: "Grocer" },
    { clientId: "test-network", idempotencyKey: crypto.randomUUID(), requestHash: crypto.randomUUID(), signature: crypto.randomUUID() },
  );

// Concurrency between transactions is PostgreSQL's: SQLite has one writer at a time by design.
describe.skipIf(!process.env.TEST_DATABASE_URL)("audit without global serialisation on postgres", () => {
  const database = useFreshDatabase("postgres");
  const handle = () => database.current().handle;

  it("a payment held open on card A stops neither a payment on card B nor a sign-in; sealing waits for A", async () => {
    const a = await customerWithCard();
    const b = await customerWithCard();
    await sealNow(handle());
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    // What a payment on A does before it commits: lock the card, write its audit row.
    const held = inWriteTransaction(async (trx) => {
      await trx.selectFrom("cards").select("id").where("id", "=", a.cardId).forUpdate().execute();
      await appendAudit({ actorId: null, actorRole: "card-network", action: "test.payment_in_flight", subjectType: "card", subjectId: a.cardId }, trx);
      opened();
      await gate;
    });
    await isOpen;
    try {
      expect((await within(5_000, pay(b.token))).decision).toBe("approve");
      const context = requestContext();
      const session = await within(
        5_000,
        startSignedInSession(new Request("http://localhost:3000/"), context, b.userId, () => ({ actorId: b.userId, actorRole: "customer", action: "sign_in.succeeded", subjectType: "user", subjectId: b.userId })),
      );
      expect(session.user?.id).toBe(b.userId);
      // A second payment on A itself does wait: that is the per-card lock, and only that.
      const secondOnA = pay(a.token);
      expect(await Promise.race([secondOnA.then(() => "answered"), sleep(300).then(() => "waiting")])).toBe("waiting");
      // Committed after A started, so not sealed while A could still commit an earlier entry.
      await sealNow(handle());
      const sealedActions = await handle().db.selectFrom("audit_leaves").innerJoin("audit_log", "audit_log.seq", "audit_leaves.audit_seq").select("action").execute();
      expect(sealedActions.map((row) => row.action)).not.toContain("sign_in.succeeded");
      release();
      await held;
      expect((await secondOnA).decision).toBe("approve");
    } finally {
      release();
      await held.catch(() => undefined);
    }
    await sealNow(handle());
    const rows = await handle().db.selectFrom("audit_log").select("seq").execute();
    const leaves = await handle().db.selectFrom("audit_leaves").select("audit_seq").execute();
    expect(leaves.map((l) => Number(l.audit_seq)).sort((x, y) => x - y)).toEqual(rows.map((r) => Number(r.seq)).sort((x, y) => x - y));
    expect((await verifyNow(handle().db)).ok).toBe(true);
  });

  it("50 concurrent writers, commits out of id order, two sequencers racing: every entry sealed exactly once", async () => {
    await sealNow(handle());
    // Free the lease the single-shot runs above took, so the two racing instances compete for it.
    await releaseLease(handle().db, SEQUENCER_LEASE, "test-sequencer");
    const { witness, lines } = memoryWitness();
    let writing = true;
    const sequencer = async (holder: string) => {
      while (writing) {
        await sealPending(sequencerOptions(handle(), { holder, witness, batchSize: 16 }));
        await sleep(5);
      }
    };
    const sequencers = [sequencer("instance-a"), sequencer("instance-b")];
    await Promise.all(
      Array.from({ length: 50 }, async (_, writer) => {
        for (let n = 0; n < 8; n += 1) {
          await inWriteTransaction(async (trx) => {
            await appendAudit({ actorId: `writer-${writer}`, actorRole: "customer", action: "test.concurrent", subjectType: "thing", subjectId: `${writer}-${n}`, details: { writer, n } }, trx);
            // Holding the transaction a random while makes a later id commit before an earlier one.
            await sleep(Math.floor(Math.random() * 15));
          });
        }
      }),
    );
    writing = false;
    await Promise.all(sequencers);
    const lease = await handle().db.selectFrom("job_leases").select("holder").where("name", "=", SEQUENCER_LEASE).executeTakeFirstOrThrow();
    expect(["instance-a", "instance-b"]).toContain(lease.holder);
    await sealNow(handle(), { holder: lease.holder, witness });
    const rows = await handle().db.selectFrom("audit_log").select("seq").where("action", "=", "test.concurrent").execute();
    expect(rows).toHaveLength(400);
    const all = await handle().db.selectFrom("audit_log").select("seq").execute();
    const leaves = await handle().db.selectFrom("audit_leaves").select(["leaf_index", "audit_seq"]).orderBy("leaf_index").execute();
    expect(leaves.map((l) => Number(l.leaf_index))).toEqual([...Array(all.length).keys()]);
    expect(new Set(leaves.map((l) => Number(l.audit_seq))).size).toBe(all.length);
    expect(leaves.map((l) => Number(l.audit_seq)).sort((x, y) => x - y)).toEqual(all.map((r) => Number(r.seq)).sort((x, y) => x - y));
    // Sealed while the writers were still writing, in several batches.
    expect(lines.length).toBeGreaterThan(1);
    expect(await verifyNow(handle().db, lines)).toMatchObject({ ok: true, sealed: all.length });
  }, 60_000);
});
