import crypto from "node:crypto";
import { recordAuditEvent } from "../../app/audit/audit-log.server";
import { runRetention } from "../../app/jobs/retention.server";
import { createUser } from "../../app/users/users.server";
import { sealNow } from "../support/audit";
import { testEngines, useFreshDatabase } from "../support/test-database";

const NOW = new Date("2026-11-30T12:00:00.000Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe.each(testEngines())("retention on %s", (engine) => {
  const database = useFreshDatabase(engine);

  it("deletes what has outlived its policy, keeps everything younger, never touches the audit log", async () => {
    const { db } = database.current().handle;
    const userId = await createUser({ displayName: "Kept Person", email: "kept@example.com", roles: ["customer"] });
    const session = (id: string, lastSeen: string, revoked: string | null) => ({ id, user_id: userId, csrf_token: "t", created_at: lastSeen, last_seen_at: lastSeen, revoked_at: revoked, ip: "203.0.113.1", user_agent: "Vitest" });
    await db.insertInto("sessions").values([session("s-old-revoked", ago(MIN), ago(31 * DAY)), session("s-lapsed", ago(31 * DAY), null), session("s-recent-revoked", ago(MIN), ago(29 * DAY)), session("s-live", ago(MIN), null)]).execute();
    const challenge = (id: string, expires: string) => ({ id, binding: "b", purpose: "authenticate" as const, challenge: id, nonce: null, user_id: null, enrolment_code_id: null, expires_at: expires });
    await db.insertInto("webauthn_challenges").values([challenge("c-old", ago(61 * MIN)), challenge("c-new", ago(59 * MIN))]).execute();
    await db.insertInto("rate_limits").values([{ key: "r-old", window_start: ago(DAY + MIN), count: 3 }, { key: "r-new", window_start: ago(MIN), count: 3 }]).execute();
    await db.insertInto("api_request_signatures").values([{ signature: "sig-old", received_at: ago(11 * MIN) }, { signature: "sig-new", received_at: ago(9 * MIN) }]).execute();
    const report = (id: string, at: string) => ({ id, at, document_uri: "/", violated_directive: "script-src", blocked_uri: "inline", sample: "", user_agent: "Vitest" });
    await db.insertInto("csp_reports").values([report("csp-old", ago(31 * DAY)), report("csp-new", ago(29 * DAY))]).execute();
    const notice = (id: string, at: string) => ({ id, user_id: userId, at, channel: "email" as const, subject: "s", body: "b" });
    await db.insertInto("outbox").values([notice("o-old", ago(31 * DAY)), notice("o-new", ago(29 * DAY))]).execute();
    const code = (id: string, expires: string) => ({ id, user_id: userId, code_hash: crypto.randomUUID(), created_at: ago(100 * DAY), expires_at: expires, used_at: null, failed_attempts: 0, created_by: null });
    await db.insertInto("enrolment_codes").values([code("e-old", ago(91 * DAY)), code("e-new", ago(89 * DAY))]).execute();
    await recordAuditEvent({ actorId: userId, actorRole: "customer", action: "test.kept_forever", details: {} });
    await sealNow(database.current().handle);
    const auditBefore = await db.selectFrom("audit_log").select("seq").execute();

    const outcome = await runRetention({ db, engine: database.current().handle.engine, holder: "instance-a", now: () => NOW });
    expect(outcome).toEqual({
      held: true,
      deleted: { sessions: 2, webauthn_challenges: 1, rate_limits: 1, api_request_signatures: 1, csp_reports: 1, outbox: 1, enrolment_codes: 1 },
    });
    const ids = async (table: "sessions" | "webauthn_challenges" | "csp_reports" | "outbox" | "enrolment_codes") => (await db.selectFrom(table).select("id").execute()).map((row) => row.id).sort();
    expect(await ids("sessions")).toEqual(["s-live", "s-recent-revoked"]);
    expect(await ids("webauthn_challenges")).toEqual(["c-new"]);
    expect(await ids("csp_reports")).toEqual(["csp-new"]);
    expect((await ids("outbox")).filter((id) => id.startsWith("o-"))).toEqual(["o-new"]);
    expect(await ids("enrolment_codes")).toEqual(["e-new"]);
    expect((await db.selectFrom("rate_limits").select("key").execute()).map((row) => row.key)).toEqual(["r-new"]);
    expect((await db.selectFrom("api_request_signatures").select("signature").execute()).map((row) => row.signature)).toEqual(["sig-new"]);
    expect(await db.selectFrom("audit_log").select("seq").execute()).toEqual(auditBefore);

    // Idempotent, and one instance at a time: another instance finds the lease taken.
    expect(await runRetention({ db, engine: database.current().handle.engine, holder: "instance-b", now: () => NOW })).toEqual({ held: false, deleted: {} });
    expect(await runRetention({ db, engine: database.current().handle.engine, holder: "instance-a", now: () => NOW })).toEqual({ held: true, deleted: {} });
  });
});
