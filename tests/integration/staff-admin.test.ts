import crypto from "node:crypto";
import { approveProposal } from "../../app/approvals/approvals.server";
import { appendAudit, recordAuditEvent } from "../../app/audit/audit-log.server";
import type { ConfirmChange } from "../../app/auth/change-confirmation.server";
import { database, db } from "../../app/db.server";
import { auditChainStatus } from "../../app/staff/audit-chain-status.server";
import { auditSigningKey, rawPublicKey } from "../../app/audit/audit-keys.server";
import { proposeReEnrolment } from "../../app/staff/re-enrolment.server";
import { proposeRoleGrant, setRole } from "../../app/staff/staff-accounts.server";
import * as adminRoute from "../../app/routes/admin._index";
import * as adminDecideRoute from "../../app/routes/admin.approvals.$approvalId";
import * as auditRoute from "../../app/routes/admin.audit._index";
import * as auditCsvRoute from "../../app/routes/admin.audit[.]csv";
import * as approvalsRoute from "../../app/routes/staff.approvals._index";
import * as decideRoute from "../../app/routes/staff.approvals.$approvalId";
import * as reEnrolRoute from "../../app/routes/staff.customers.$customerId_.re-enrol";
import { customerWithCard } from "../support/banking-fixtures";
import { getRequest, postRequest, routeHarness, signIn } from "../support/card-activity";
import { sealNow } from "../support/audit";
import { tamperWithAuditLog } from "../support/tamper";
import { testEngines, useFreshDatabase } from "../support/test-database";
import { testEnv } from "../support/test-env";
import { refusalOf, staffActor, useClockAt } from "../support/staff-fixtures";

const confirmShown: ConfirmChange = async (change) => ({
  change,
  covers: (other) => JSON.stringify(other) === JSON.stringify(change),
  record: async (trx) => void (await appendAudit({ actorId: null, actorRole: null, action: "test.confirmed" }, trx)),
});

const NOW = new Date("2026-11-30T10:00:00.000Z");

describe.each(testEngines())("admin, audit view and approval routes on %s", (engine) => {
  useFreshDatabase(engine);
  useClockAt(NOW);

  const staff = staffActor;
  const rolesOf = async (userId: string) => (await db().selectFrom("user_roles").select("role").where("user_id", "=", userId).orderBy("role").execute()).map((row) => row.role);

  const call = routeHarness({
    "routes/admin._index": adminRoute,
    "routes/admin.approvals.$approvalId": adminDecideRoute,
    "routes/admin.audit._index": auditRoute,
    "routes/admin.audit[.]csv": auditCsvRoute,
    "routes/staff.approvals._index": approvalsRoute,
    "routes/staff.approvals.$approvalId": decideRoute,
    "routes/staff.customers.$customerId_.re-enrol": reEnrolRoute,
  });

  it("an admin sets support and editor directly, never their own roles, and never supervisor or admin without a second admin", async () => {
    const admin = await staff("admin");
    const other = await staff("admin", "Second Admin");
    const sam = await staff("support", "Sam Patel");
    expect(await setRole(admin, sam.id, "editor", true)).toBe("changed");
    expect(await rolesOf(sam.id)).toEqual(["editor", "support"]);
    expect(await refusalOf(setRole(admin, admin.id, "support", true))).toBe("forbidden");
    expect(await refusalOf(setRole(admin, sam.id, "supervisor", true))).toBe("forbidden");
    expect(await refusalOf(proposeRoleGrant(admin, admin.id, "supervisor", "I want to approve things"))).toBe("forbidden");
    const customer = await customerWithCard();
    expect(await refusalOf(setRole(admin, customer.userId, "support", true))).toBe("not_found");

    const id = await proposeRoleGrant(admin, sam.id, "supervisor", "Team lead from Monday");
    expect(await rolesOf(sam.id)).toEqual(["editor", "support"]);
    expect(await refusalOf(approveProposal(admin, id, "", confirmShown))).toBe("forbidden");
    expect(await refusalOf(approveProposal(await staff("supervisor"), id, "", confirmShown))).toBe("forbidden");
    await approveProposal(other, id, "Agreed with HR", confirmShown);
    expect(await rolesOf(sam.id)).toEqual(["editor", "supervisor", "support"]);

    // The person a grant is for cannot approve it, even as an admin.
    const third = await staff("support", "Third");
    await setRole(admin, third.id, "editor", true);
    const forOther = await proposeRoleGrant(admin, other.id, "supervisor", "Covers approvals at night");
    expect(await refusalOf(approveProposal(other, forOther, "", confirmShown))).toBe("forbidden");
    expect(await rolesOf(other.id)).toEqual(["admin"]);
    expect((await db().selectFrom("audit_log").select("action").where("action", "in", ["admin.refused", "approval.refused"]).execute()).length).toBeGreaterThanOrEqual(6);
  });

  it("approval routes: support sees the list but not a decision page; own, stale and unknown proposals are refused; the wrong console's kind is 404", async () => {
    const holder = await customerWithCard();
    const support = await staff("support");
    const supervisor = await staff("supervisor");
    const admin = await staff("admin");
    const asSupport = await signIn(support.id);
    const asSupervisor = await signIn(supervisor.id);
    const asAdmin = await signIn(admin.id);

    const proposed = await call("routes/staff.customers.$customerId_.re-enrol", "action", postRequest(asSupervisor, `/staff/customers/${holder.userId}/re-enrol`, { reason: "Checked ID on a video call" }), { customerId: holder.userId });
    expect(proposed).toMatchObject({ status: 302, location: "/staff/approvals?notice=proposed" });
    const tooShort = await call("routes/staff.customers.$customerId_.re-enrol", "action", postRequest(asSupport, `/staff/customers/${holder.userId}/re-enrol`, { reason: "ok" }), { customerId: holder.userId });
    expect(tooShort.status).toBe(422);
    expect((await call("routes/staff.customers.$customerId_.re-enrol", "loader", getRequest(asSupport, "/x"), { customerId: crypto.randomUUID() })).status).toBe(404);
    const id = (await db().selectFrom("approvals").select("id").where("subject_id", "=", holder.userId).executeTakeFirstOrThrow()).id;

    expect((await call("routes/staff.approvals._index", "loader", getRequest(asSupport, "/staff/approvals"), {})).status).toBe(200);
    expect((await call("routes/staff.approvals.$approvalId", "loader", getRequest(asSupport, `/staff/approvals/${id}`), { approvalId: id })).status).toBe(403);
    expect((await call("routes/staff.approvals.$approvalId", "action", postRequest(asSupport, `/staff/approvals/${id}`, { intent: "approve" }), { approvalId: id })).status).toBe(403);

    const own = await call("routes/staff.approvals.$approvalId", "action", postRequest(asSupervisor, `/staff/approvals/${id}`, { intent: "approve" }), { approvalId: id });
    expect(own.status).toBe(403);
    expect(JSON.stringify(own.body)).toContain("You proposed this, so someone else must decide it.");
    expect((await call("routes/staff.approvals.$approvalId", "action", postRequest(asSupervisor, "/x", { intent: "approve" }), { approvalId: crypto.randomUUID() })).status).toBe(404);
    expect((await call("routes/admin.approvals.$approvalId", "loader", getRequest(asAdmin, `/admin/approvals/${id}`), { approvalId: id })).status).toBe(404);
    const adminTries = await call("routes/admin.approvals.$approvalId", "action", postRequest(asAdmin, "/x", { intent: "approve" }), { approvalId: id });
    expect(adminTries.status).toBe(403);

    const second = await signIn((await staff("supervisor", "Kim Lee")).id);
    const asks = await call("routes/staff.approvals.$approvalId", "action", postRequest(second, `/staff/approvals/${id}`, { intent: "approve" }), { approvalId: id });
    expect(asks.status).toBe(403);
    expect(asks.body).toMatchObject({ code: "confirmation_required", confirmation: { words: expect.stringContaining("Approve: Every passkey and session") } });
    // Lapsed while the page was open (the clock stays put so the session does too).
    await db().updateTable("approvals").set({ expires_at: new Date(NOW.getTime() - 1).toISOString() }).where("id", "=", id).execute();
    const stale = await call("routes/staff.approvals.$approvalId", "action", postRequest(second, `/staff/approvals/${id}`, { intent: "reject", comment: "Too late now" }), { approvalId: id });
    expect(stale.status).toBe(409);
    expect((await db().selectFrom("approvals").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("pending");
  });

  it("re-enrolment of a stranger's id through the customer route is 404 and proposes nothing", async () => {
    const support = await signIn((await staff("support")).id);
    const worker = await staff("editor");
    const result = await call("routes/staff.customers.$customerId_.re-enrol", "action", postRequest(support, "/x", { reason: "Checked ID on a video call" }), { customerId: worker.id });
    expect(result.status).toBe(404);
    expect(await db().selectFrom("approvals").select("id").where("subject_id", "=", worker.id).execute()).toEqual([]);
    expect(await refusalOf(proposeReEnrolment(await staff("support"), worker.id, "Checked ID on a video call"))).toBe("not_found");
  });

  it("the audit view: admins and supervisors read it, filtered and paged, with the chain's status; CSV export; support and customers get 403", async () => {
    const admin = await signIn((await staff("admin")).id);
    const supervisor = await signIn((await staff("supervisor")).id);
    const holder = await customerWithCard();
    const number = (await db().selectFrom("users").select("customer_number").where("id", "=", holder.userId).executeTakeFirstOrThrow()).customer_number!;
    for (let i = 0; i < 60; i += 1) await recordAuditEvent({ actorId: null, actorRole: "card-network", action: "authorization.approved", subjectType: "user", subjectId: holder.userId, details: { i } });
    await recordAuditEvent({ actorId: null, actorRole: "card-network", action: "authorization.declined", subjectType: "card", subjectId: holder.cardId });

    const page = await call("routes/admin.audit._index", "loader", getRequest(admin, `/admin/audit?customer=${number}&action=authorization.approved`), {});
    const body = page.body as { lines: { action: string }[]; nextQuery: string | null; chain: { ok: boolean } };
    expect(page.status).toBe(200);
    expect(body.lines).toHaveLength(50);
    expect(new Set(body.lines.map((line) => line.action))).toEqual(new Set(["authorization.approved"]));
    expect(body.chain.ok).toBe(true);
    const next = await call("routes/admin.audit._index", "loader", getRequest(supervisor, `/admin/audit?${body.nextQuery}`), {});
    expect((next.body as { lines: unknown[]; nextQuery: string | null }).lines).toHaveLength(10);
    expect((next.body as { nextQuery: string | null }).nextQuery).toBeNull();
    const byPrefix = await call("routes/admin.audit._index", "loader", getRequest(admin, "/admin/audit?action=authorization"), {});
    expect((byPrefix.body as { lines: unknown[] }).lines.length).toBe(50);

    const badDate = await call("routes/admin.audit._index", "loader", getRequest(admin, "/admin/audit?from=2026-13-45"), {});
    expect(JSON.stringify(badDate.body)).toContain("That date doesn't exist");
    const csv = await call("routes/admin.audit[.]csv", "loader", getRequest(admin, `/admin/audit.csv?customer=${number}`), {});
    expect(csv.status).toBe(200);
    expect(csv.raw!.headers.get("Content-Type")).toContain("text/csv");
    const text = await csv.raw!.text();
    expect(text.split("\n")[0]).toContain("seq,at,actor,role,action,subject,details");
    expect(text.match(/authorization\.approved/g)).toHaveLength(60);
    expect((await call("routes/admin.audit[.]csv", "loader", getRequest(admin, "/admin/audit.csv?to=yesterday"), {})).status).toBe(400);
    expect(await db().selectFrom("audit_log").select("seq").where("action", "in", ["audit.viewed", "audit.exported"]).execute()).toHaveLength(4);

    for (const role of ["support", "customer", "editor"] as const) {
      const who = await signIn((await staff(role)).id);
      expect((await call("routes/admin.audit._index", "loader", getRequest(who, "/admin/audit"), {})).status).toBe(403);
      expect((await call("routes/admin.audit[.]csv", "loader", getRequest(who, "/admin/audit.csv"), {})).status).toBe(403);
    }
    expect((await call("routes/admin._index", "loader", getRequest(supervisor, "/admin"), {})).status).toBe(403);
    const staffPage = await call("routes/admin._index", "loader", getRequest(admin, "/admin"), {});
    expect(staffPage.status).toBe(200);
    expect((staffPage.body as { accounts: unknown[] }).accounts.length).toBeGreaterThan(2);
  });

  it("after a signing-key rotation, verifies older checkpoints only with the retired key listed", async () => {
    await recordAuditEvent({ actorId: null, actorRole: null, action: "test.before_rotation" });
    await sealNow(database());
    const oldPublic = rawPublicKey(auditSigningKey());
    try {
      testEnv({ AUDIT_SIGNING_KEY: Buffer.alloc(32, 42).toString("base64") });
      await recordAuditEvent({ actorId: null, actorRole: null, action: "test.after_rotation" });
      await sealNow(database());
      const unknown = await auditChainStatus();
      expect(unknown.ok).toBe(false);
      expect(unknown.words).toMatch(/^Verification failed: .*key/);
      testEnv({ AUDIT_SIGNING_KEY: Buffer.alloc(32, 42).toString("base64"), AUDIT_RETIRED_PUBLIC_KEYS: oldPublic });
      const both = await auditChainStatus();
      expect(both).toMatchObject({ ok: true });
      expect(both.words).toMatch(/^Verified: \d+ sealed entries match [2-9]\d* signed checkpoints\.$/);
    } finally {
      testEnv();
    }
  });

  it("refuses a retired key that is not an Ed25519 public key at start-up", () => {
    expect(() => testEnv({ AUDIT_RETIRED_PUBLIC_KEYS: "not-a-key" })).toThrow(/AUDIT_RETIRED_PUBLIC_KEYS/);
    testEnv();
  });

  it("reports a tampered chain in words", async () => {
    await recordAuditEvent({ actorId: null, actorRole: null, action: "test.one" });
    await recordAuditEvent({ actorId: null, actorRole: null, action: "test.two" });
    await sealNow(database());
    const status = await auditChainStatus();
    expect(status.ok).toBe(true);
    expect(status.words).toMatch(/^Verified: \d+ sealed entries match \d+ signed checkpoints\.$/);
    const last = await db().selectFrom("audit_log").select("seq").where("action", "=", "test.two").executeTakeFirstOrThrow();
    await tamperWithAuditLog(db(), (kysely) => kysely.updateTable("audit_log").set({ action: "test.edited" }).where("seq", "=", last.seq).execute());
    const broken = await auditChainStatus();
    expect(broken.ok).toBe(false);
    expect(broken.words).toMatch(/^Verification failed: .*seq \d+/);
  });
});
