import crypto from "node:crypto";
import { approveProposal, listProposals, PROPOSAL_TTL_MS, rejectProposal } from "../../app/approvals/approvals.server";
import { GAMBLING_NEVER_EARLY } from "../../app/approvals/approval-kinds.server";
import { appendAudit } from "../../app/audit/audit-log.server";
import { securityTimeline } from "../../app/audit/security-timeline.server";
import type { Change, ConfirmChange } from "../../app/auth/change-confirmation.server";
import { setClock } from "../../app/clock.server";
import { changeCardSettings } from "../../app/controls/change-controls.server";
import { currentSettings } from "../../app/controls/card-controls.server";
import { db } from "../../app/db.server";
import { DomainError } from "../../app/errors/domain-error";
import { proposeReEnrolment } from "../../app/staff/re-enrolment.server";
import { startSignedInSession } from "../../app/session/session.server";
import { customerWithCard } from "../support/banking-fixtures";
import { requestContext } from "../support/request-context";
import { testEngines, useFreshDatabase } from "../support/test-database";
import { refusalOf, staffActor, useClockAt } from "../support/staff-fixtures";

/** Confirms exactly the change it is shown (the real ceremony is tested in change-confirmation and e2e). */
const confirmShown =
  (seen: Change[] = []): ConfirmChange =>
  async (change) => {
    seen.push(change);
    return {
      change,
      covers: (other) => JSON.stringify(other) === JSON.stringify(change),
      record: async (trx) => void (await appendAudit({ actorId: null, actorRole: null, action: "test.confirmed", details: { kind: change.kind } }, trx)),
    };
  };
const mustNotAsk: ConfirmChange = async () => {
  throw new Error("no confirmation expected");
};
const asks: ConfirmChange = async (change) => {
  throw new DomainError("confirmation_required", change.words);
};

const NOW = new Date("2026-11-30T10:00:00.000Z");

describe.each(testEngines())("maker–checker approvals on %s", (engine) => {
  useFreshDatabase(engine);
  useClockAt(NOW);

  const staff = staffActor;

  async function customerWithPasskey() {
    const holder = await customerWithCard();
    await db()
      .insertInto("passkeys")
      .values({ id: `cred-${crypto.randomUUID()}`, user_id: holder.userId, public_key: "x", counter: 0, transports: "[]", device_type: "singleDevice", backed_up: 0, aaguid: "0", name: "Phone", created_at: NOW.toISOString(), last_used_at: null })
      .execute();
    await startSignedInSession(new Request("http://localhost:3000/"), requestContext(), holder.userId);
    return holder;
  }

  const status = async (id: string) => (await db().selectFrom("approvals").select(["status", "decided_by"]).where("id", "=", id).executeTakeFirstOrThrow());
  const passkeysOf = async (userId: string) => (await db().selectFrom("passkeys").select("id").where("user_id", "=", userId).execute()).length;
  const liveSessionsOf = async (userId: string) => (await db().selectFrom("sessions").select("id").where("user_id", "=", userId).where("revoked_at", "is", null).execute()).length;
  const outboxOf = async (userId: string) => db().selectFrom("outbox").select(["subject", "body"]).where("user_id", "=", userId).execute();

  it("re-enrolment: support proposes, a different supervisor approves with a bound passkey; passkeys and sessions go, a code goes to the outbox only", async () => {
    const holder = await customerWithPasskey();
    const support = await staff("support");
    const supervisor = await staff("supervisor");
    const id = await proposeReEnrolment(support, holder.userId, "Called from the number on file, answered security questions");
    const [proposal] = await listProposals(supervisor, { status: "pending" });
    expect(proposal).toMatchObject({ id, before: expect.stringContaining("has 1 passkey and 1 active session"), after: expect.stringContaining("Every passkey and session"), cannotApprove: null, expiresAt: new Date(NOW.getTime() + PROPOSAL_TTL_MS).toISOString() });
    expect(await passkeysOf(holder.userId)).toBe(1);

    const seen: Change[] = [];
    const result = await approveProposal(supervisor, id, "Checked the call recording", confirmShown(seen));
    expect(result).toBeUndefined();
    expect(seen).toEqual([expect.objectContaining({ kind: "approval.approve", facts: expect.objectContaining({ approval: id }) })]);
    expect(await status(id)).toEqual({ status: "approved", decided_by: supervisor.id });
    expect(await passkeysOf(holder.userId)).toBe(0);
    expect(await liveSessionsOf(holder.userId)).toBe(0);
    const outbox = await outboxOf(holder.userId);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.body).toMatch(/enrolment code is [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(outbox[0]!.body)![1]!;
    // No audit row, proposal or page data carries the code.
    const audit = await db().selectFrom("audit_log").select(["action", "details"]).execute();
    expect(audit.filter((row) => row.details.includes(code))).toEqual([]);
    const actions = audit.map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(["approval.proposed", "test.confirmed", "staff.re_enrolment_approved", "approval.approved"]));
    expect((await securityTimeline(holder.userId)).map((entry) => entry.label)).toEqual(
      expect.arrayContaining(["Strongroom removed your passkeys and sent you a new enrolment code (approved by a supervisor)"]),
    );
  });

  it("nobody decides their own proposal, and a support member may not decide at all", async () => {
    const holder = await customerWithPasskey();
    const supervisor = await staff("supervisor");
    const support = await staff("support");
    const id = await proposeReEnrolment(supervisor, holder.userId, "Verified in branch with passport");
    expect((await listProposals(supervisor, { status: "pending" }))[0]!.cannotApprove).toBe("You proposed this, so someone else must decide it.");
    expect(await refusalOf(approveProposal(supervisor, id, "", mustNotAsk))).toBe("forbidden");
    expect(await refusalOf(rejectProposal(supervisor, id, "changed my mind"))).toBe("forbidden");
    expect(await refusalOf(approveProposal(support, id, "", mustNotAsk))).toBe("forbidden");
    expect(await status(id)).toEqual({ status: "pending", decided_by: null });
    expect(await passkeysOf(holder.userId)).toBe(1);
    const refused = await db().selectFrom("audit_log").select("details").where("action", "=", "approval.refused").execute();
    expect(refused).toHaveLength(3);
  });

  it("the WHERE clause holds even when the pre-check is passed: the proposer's UPDATE changes nothing and the CHECK backs it", async () => {
    const holder = await customerWithPasskey();
    const supervisor = await staff("supervisor");
    const id = await proposeReEnrolment(supervisor, holder.userId, "Verified in branch with passport");
    await expect(db().updateTable("approvals").set({ status: "approved", decided_by: supervisor.id }).where("id", "=", id).execute()).rejects.toThrow();
  });

  it("an expired, already decided or unknown proposal is refused; two deciders racing decide it once", async () => {
    const holder = await customerWithPasskey();
    const support = await staff("support");
    const [first, second] = [await staff("supervisor"), await staff("supervisor")];
    const id = await proposeReEnrolment(support, holder.userId, "Verified on a video call with ID");
    const outcomes = await Promise.allSettled([approveProposal(first, id, "", confirmShown()), approveProposal(second, id, "", confirmShown())]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === "rejected").map((outcome) => (outcome as PromiseRejectedResult).reason.code)).toEqual(["conflict"]);
    expect(await outboxOf(holder.userId)).toHaveLength(1);
    expect(await refusalOf(rejectProposal(first, id, "too late"))).toBe("conflict");

    const other = await customerWithPasskey();
    const stale = await proposeReEnrolment(support, other.userId, "Verified on a video call with ID");
    setClock(() => new Date(NOW.getTime() + PROPOSAL_TTL_MS + 1));
    expect(await refusalOf(approveProposal(first, stale, "", mustNotAsk))).toBe("conflict");
    expect(await refusalOf(rejectProposal(first, stale, "expired anyway"))).toBe("conflict");
    expect(await passkeysOf(other.userId)).toBe(1);
    expect(await refusalOf(approveProposal(first, crypto.randomUUID(), "", mustNotAsk))).toBe("not_found");
  });

  it("asks for a passkey bound to the proposal; a confirmation of anything else changes nothing", async () => {
    const holder = await customerWithPasskey();
    const support = await staff("support");
    const supervisor = await staff("supervisor");
    const id = await proposeReEnrolment(support, holder.userId, "Verified on a video call with ID");
    expect(await refusalOf(approveProposal(supervisor, id, "", asks))).toBe("confirmation_required");
    const wrong: ConfirmChange = async (change) => ({ change, covers: () => false, record: async () => undefined });
    expect(await refusalOf(approveProposal(supervisor, id, "", wrong))).toBe("conflict");
    expect(await status(id)).toEqual({ status: "pending", decided_by: null });
    expect(await passkeysOf(holder.userId)).toBe(1);
  });

  it("rejects with a comment only; nothing is carried out", async () => {
    const holder = await customerWithPasskey();
    const support = await staff("support");
    const supervisor = await staff("supervisor");
    const id = await proposeReEnrolment(support, holder.userId, "Verified on a video call with ID");
    expect(await refusalOf(rejectProposal(supervisor, id, " "))).toBe("invalid_input");
    await rejectProposal(supervisor, id, "Caller could not name recent payments");
    expect(await status(id)).toEqual({ status: "rejected", decided_by: supervisor.id });
    expect(await passkeysOf(holder.userId)).toBe(1);
    expect(await outboxOf(holder.userId)).toHaveLength(0);
    expect(await refusalOf(proposeReEnrolment(support, crypto.randomUUID(), "Verified on a video call with ID"))).toBe("not_found");
  });

  it("one open re-enrolment per customer", async () => {
    const holder = await customerWithPasskey();
    const support = await staff("support");
    await proposeReEnrolment(support, holder.userId, "Verified on a video call with ID");
    expect(await refusalOf(proposeReEnrolment(support, holder.userId, "Verified on a video call with ID"))).toBe("conflict");
  });

  it("a customer's pending loosening approved early takes effect now; lifting a gambling block early is refused for anyone", async () => {
    const card = await customerWithCard({ settings: (s) => void s.blockedCategories.push("gambling", "adult") });
    const actor = { customerId: card.userId, role: "customer", ip: "203.0.113.7", userAgent: "Vitest" };
    await changeCardSettings({ actor, cardId: card.cardId, edit: (draft) => void (draft.blockedCategories = []), confirm: confirmShown() });
    const supervisor = await staff("supervisor");
    const pending = await listProposals(supervisor, { customerId: card.userId, status: "pending" });
    expect(pending).toHaveLength(2);
    const adult = pending.find((proposal) => proposal.after.includes("adult"))!;
    const gambling = pending.find((proposal) => proposal.after.includes("gambling"))!;
    expect(gambling.cannotApprove).toBe(GAMBLING_NEVER_EARLY);
    expect(adult.cannotApprove).toBeNull();

    expect(await refusalOf(approveProposal(supervisor, gambling.id, "", mustNotAsk))).toBe("forbidden");
    await approveProposal(supervisor, adult.id, "Customer verified on the phone", confirmShown());
    const cardRow = await db().selectFrom("cards").selectAll().where("id", "=", card.cardId).executeTakeFirstOrThrow();
    expect((await currentSettings(db(), cardRow, NOW)).blockedCategories).toEqual(["gambling"]);
    expect(await status(gambling.id)).toEqual({ status: "pending", decided_by: null });
  });
});
