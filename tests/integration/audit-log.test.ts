import { sql } from "kysely";
import { appendAudit, verifyAuditChain } from "../../app/audit/audit-log.server";
import { tamperWithAuditLog } from "../support/tamper";
import { testEngines, useFreshDatabase } from "../support/test-database";

describe.each(testEngines())("audit log on %s", (engine) => {
  const database = useFreshDatabase(engine);

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

  it("chains rows and verifies", async () => {
    for (let n = 1; n <= 5; n += 1) await appendAudit(event(n));
    const verdict = await verifyAuditChain(database.current().handle.db);
    expect(verdict).toEqual({ ok: true, checked: 5 });
  });

  it("refuses to change or delete a row: the log is append-only", async () => {
    const { db } = database.current().handle;
    await appendAudit(event(99));
    await expect(db.updateTable("audit_log").set({ action: "test.rewritten" }).where("action", "=", "test.event").execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    if (engine === "postgres") await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    const rewritten = await db.selectFrom("audit_log").select("seq").where("action", "=", "test.rewritten").execute();
    expect(rewritten).toEqual([]);
  });

  it("names the first edited row", async () => {
    const { db } = database.current().handle;
    await tamperWithAuditLog(db, (t) => t.updateTable("audit_log").set({ details: JSON.stringify({ n: 999 }) }).where("seq", "=", 3).execute());
    const verdict = await verifyAuditChain(db);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 3, checked: 2 });
  });

  it("names a deleted row", async () => {
    const { db } = database.current().handle;
    await tamperWithAuditLog(db, (t) => t.deleteFrom("audit_log").execute());
    for (let n = 1; n <= 4; n += 1) await appendAudit(event(n));
    await tamperWithAuditLog(db, (t) => t.deleteFrom("audit_log").where("seq", "=", 2).execute());
    const verdict = await verifyAuditChain(db);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("detects a row re-hashed in place (the link to the next row breaks)", async () => {
    const { db } = database.current().handle;
    await tamperWithAuditLog(db, (t) => t.deleteFrom("audit_log").execute());
    for (let n = 1; n <= 3; n += 1) await appendAudit(event(n));
    await tamperWithAuditLog(db, (t) => t.updateTable("audit_log").set({ hash: "f".repeat(64) }).where("seq", "=", 1).execute());
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it("stays intact under concurrent writers", async () => {
    const { db } = database.current().handle;
    await tamperWithAuditLog(db, (t) => t.deleteFrom("audit_log").execute());
    // 100 appends at once over a pool of 30 connections: on PostgreSQL these are truly
    // concurrent transactions, the situation of several app instances.
    await Promise.all(Array.from({ length: 100 }, (_, n) => appendAudit(event(n))));
    const verdict = await verifyAuditChain(db);
    expect(verdict).toEqual({ ok: true, checked: 100 });
    const count = await db.selectFrom("audit_log").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(100);
  });
});
