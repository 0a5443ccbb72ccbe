import crypto from "node:crypto";
import { appendAudit } from "~/audit/audit-log.server";
import { nowIso } from "~/clock.server";
import { db, inWriteTransaction, type Db } from "~/db.server";
import { compileRender, renderOf, storeRender, type GuideRender } from "./guide-renders.server";
import {
  isGuideSlug,
  lockGuide,
  nextRevisionNumber,
  revisionSource,
  revisionsQuery,
  toRevisionSummary,
  type EditorialActor,
  type RevisionSummary,
} from "./guide-store.server";
import type { GuideProblem } from "./validate-mdx.server";

/*
 * The editorial workflow: draft → in_review → published (superseding the previous one) or
 * rejected. One draft or review is in flight per guide at a time, a draft belongs to its
 * author, and a different editor decides. The four-eyes rule is part of the UPDATE's WHERE
 * clause, so no code path can publish a revision its own author is deciding on.
 */

export type EditorialErrorCode =
  | "not_found"
  | "invalid_slug"
  | "slug_taken"
  | "invalid_source"
  | "locked"
  | "not_author"
  | "own_revision"
  | "wrong_status";

/** Routes answer with these statuses. */
export const EDITORIAL_ERROR_STATUS: Readonly<Record<EditorialErrorCode, number>> = {
  not_found: 404,
  invalid_slug: 422,
  slug_taken: 409,
  invalid_source: 422,
  locked: 409,
  not_author: 403,
  own_revision: 403,
  wrong_status: 409,
};

export type EditorialFailure = { ok: false; code: EditorialErrorCode; message: string; problems?: GuideProblem[] };
export type EditorialResult<T> = { ok: true; value: T } | EditorialFailure;

const fail = (code: EditorialErrorCode, message: string, problems?: GuideProblem[]): EditorialFailure => ({ ok: false, code, message, ...(problems ? { problems } : {}) });

async function audit(trx: Db, actor: EditorialActor, action: string, slug: string, details: Record<string, unknown>): Promise<void> {
  await appendAudit(
    { actorId: actor.id, actorRole: actor.role, action, subjectType: "guide", subjectId: slug, ip: actor.ip, userAgent: actor.userAgent, details },
    trx,
  );
}

async function summaryOf(trx: Db, revisionId: string): Promise<RevisionSummary> {
  return toRevisionSummary(await revisionsQuery(trx).where("r.id", "=", revisionId).executeTakeFirstOrThrow());
}

/**
 * Validation and compiling happen in the worker pool before any transaction opens, so refused
 * MDX is never stored or audited as a draft. A guide too complex to compile throws
 * DomainError("too_complex").
 */
async function validatedRender(source: string): Promise<EditorialResult<GuideRender>> {
  const outcome = await compileRender(source);
  if (!outcome.ok) return fail("invalid_source", "The guide has problems that must be fixed before it can be saved.", outcome.problems);
  return { ok: true, value: outcome.render };
}

async function openRevision(trx: Db, slug: string) {
  return trx
    .selectFrom("guide_revisions")
    .select(["id", "number", "status", "author_id", "content_hash"])
    .where("slug", "=", slug)
    .where("status", "in", ["draft", "in_review"])
    .executeTakeFirst();
}

function lockedMessage(open: { status: string; author_id: string | null }, actorId: string): string {
  if (open.status === "in_review") {
    return open.author_id === actorId
      ? "Your revision is waiting for review; it can't be changed until another editor publishes or rejects it."
      : "Another editor's revision is waiting for review; publish or reject it first.";
  }
  return "Another editor has a draft of this guide open; it must be submitted and decided first.";
}

export async function createGuide(actor: EditorialActor, slug: string, source: string): Promise<EditorialResult<RevisionSummary>> {
  if (!isGuideSlug(slug)) return fail("invalid_slug", "Use 3 to 80 lowercase letters, digits and single hyphens, for example keeping-cards-safe.");
  const render = await validatedRender(source);
  if (!render.ok) return render;
  return inWriteTransaction(async (trx) => {
    const at = nowIso();
    const created = await trx
      .insertInto("guides")
      .values({ slug, published_revision_id: null, created_at: at })
      .onConflict((conflict) => conflict.column("slug").doNothing())
      .returning("slug")
      .executeTakeFirst();
    if (!created) return fail("slug_taken", "A guide with this address already exists; choose another.");
    const id = crypto.randomUUID();
    await trx
      .insertInto("guide_revisions")
      .values({ id, slug, number: 1, source, content_hash: render.value.contentHash, status: "draft", author_id: actor.id, created_at: at, submitted_at: null, decided_by: null, decided_at: null, review_comment: null, restored_from: null })
      .execute();
    await storeRender(render.value, trx);
    await audit(trx, actor, "guide.created", slug, { revision: 1, contentHash: render.value.contentHash.slice(0, 16) });
    return { ok: true, value: await summaryOf(trx, id) };
  });
}

/** Saves the actor's draft: updates their open draft, or opens a new one when nothing is in flight. */
export async function saveDraft(actor: EditorialActor, slug: string, source: string): Promise<EditorialResult<RevisionSummary>> {
  const render = await validatedRender(source);
  if (!render.ok) return render;
  return inWriteTransaction(async (trx) => {
    if (!(await lockGuide(trx, slug))) return fail("not_found", "There is no guide at this address.");
    const open = await openRevision(trx, slug);
    if (open && (open.status !== "draft" || open.author_id !== actor.id)) return fail("locked", lockedMessage(open, actor.id));
    const at = nowIso();
    let id: string;
    let number: number;
    if (open) {
      id = open.id;
      number = Number(open.number);
      // created_at of a draft is when it was last saved: a draft is replaced, not versioned.
      await trx.updateTable("guide_revisions").set({ source, content_hash: render.value.contentHash, created_at: at }).where("id", "=", id).execute();
    } else {
      id = crypto.randomUUID();
      number = await nextRevisionNumber(trx, slug);
      await trx
        .insertInto("guide_revisions")
        .values({ id, slug, number, source, content_hash: render.value.contentHash, status: "draft", author_id: actor.id, created_at: at, submitted_at: null, decided_by: null, decided_at: null, review_comment: null, restored_from: null })
        .execute();
    }
    await storeRender(render.value, trx);
    await audit(trx, actor, "guide.draft_saved", slug, { revision: number, contentHash: render.value.contentHash.slice(0, 16) });
    return { ok: true, value: await summaryOf(trx, id) };
  });
}

/**
 * The author moves their own revision between draft and review, in one UPDATE that checks
 * status and authorship; when it matches nothing, the row read back says why.
 */
async function moveOwnRevision(
  actor: EditorialActor,
  slug: string,
  revisionId: string,
  move: { from: "draft" | "in_review"; to: "draft" | "in_review"; action: string; wrongStatus: string; notAuthor: string },
): Promise<EditorialResult<RevisionSummary>> {
  return inWriteTransaction(async (trx) => {
    const moved = await trx
      .updateTable("guide_revisions")
      .set({ status: move.to, submitted_at: move.to === "in_review" ? nowIso() : null })
      .where("id", "=", revisionId)
      .where("slug", "=", slug)
      .where("status", "=", move.from)
      .where("author_id", "=", actor.id)
      .returning(["slug", "number"])
      .executeTakeFirst();
    if (!moved) {
      const revision = await trx.selectFrom("guide_revisions").select(["status", "author_id"]).where("id", "=", revisionId).where("slug", "=", slug).executeTakeFirst();
      if (!revision) return fail("not_found", "That revision no longer exists.");
      if (revision.status !== move.from) return fail("wrong_status", move.wrongStatus);
      return fail("not_author", move.notAuthor);
    }
    await audit(trx, actor, move.action, moved.slug, { revision: Number(moved.number) });
    return { ok: true, value: await summaryOf(trx, revisionId) };
  });
}

export function submitForReview(actor: EditorialActor, slug: string, revisionId: string): Promise<EditorialResult<RevisionSummary>> {
  return moveOwnRevision(actor, slug, revisionId, { from: "draft", to: "in_review", action: "guide.submitted", wrongStatus: "Only a draft can be submitted for review.", notAuthor: "Only the editor who wrote a draft can submit it." });
}

/**
 * The author takes their revision back out of review; it is their draft again, to edit and
 * resubmit. Only the author: a reviewer's way to send a revision back is to reject it with a comment.
 */
export function withdrawSubmission(actor: EditorialActor, slug: string, revisionId: string): Promise<EditorialResult<RevisionSummary>> {
  return moveOwnRevision(actor, slug, revisionId, { from: "in_review", to: "draft", action: "guide.withdrawn", wrongStatus: "Only a revision that is waiting for review can be withdrawn; it may have been decided already.", notAuthor: "Only the editor who submitted a revision can withdraw it; reject it with a comment instead." });
}

/** Why a decision's UPDATE matched nothing, read back inside the same transaction. */
async function explainRefusedDecision(trx: Db, slug: string, revisionId: string, actorId: string): Promise<EditorialFailure> {
  const revision = await trx.selectFrom("guide_revisions").select(["status", "author_id"]).where("id", "=", revisionId).where("slug", "=", slug).executeTakeFirst();
  if (!revision) return fail("not_found", "That revision no longer exists.");
  if (revision.status !== "in_review") return fail("wrong_status", "Only a revision that is waiting for review can be published or rejected.");
  if (revision.author_id === actorId) return fail("own_revision", "You wrote this revision, so another editor must review it.");
  return fail("wrong_status", "This revision can't be decided.");
}

export async function publishRevision(actor: EditorialActor, slug: string, revisionId: string): Promise<EditorialResult<RevisionSummary>> {
  return inWriteTransaction(async (trx) => {
    const guide = await lockGuide(trx, slug);
    if (!guide) return fail("not_found", "There is no guide at this address.");
    const at = nowIso();
    const published = await trx
      .updateTable("guide_revisions")
      .set({ status: "published", decided_by: actor.id, decided_at: at })
      .where("id", "=", revisionId)
      .where("slug", "=", slug)
      .where("status", "=", "in_review")
      // The four-eyes rule, in the statement itself: an author never matches their own revision.
      .where("author_id", "is not", null)
      .where("author_id", "<>", actor.id)
      .returning(["number", "content_hash"])
      .executeTakeFirst();
    if (!published) return explainRefusedDecision(trx, slug, revisionId, actor.id);
    const superseded = await trx
      .updateTable("guide_revisions")
      .set({ status: "superseded" })
      .where("slug", "=", slug)
      .where("status", "=", "published")
      .where("id", "<>", revisionId)
      .returning("number")
      .execute();
    await trx.updateTable("guides").set({ published_revision_id: revisionId }).where("slug", "=", slug).execute();
    await audit(trx, actor, "guide.published", slug, {
      revision: Number(published.number),
      superseded: superseded.map((row) => Number(row.number)),
      contentHash: published.content_hash.slice(0, 16),
    });
    return { ok: true, value: await summaryOf(trx, revisionId) };
  });
}

export async function rejectRevision(actor: EditorialActor, slug: string, revisionId: string, comment: string): Promise<EditorialResult<RevisionSummary>> {
  return inWriteTransaction(async (trx) => {
    if (!(await lockGuide(trx, slug))) return fail("not_found", "There is no guide at this address.");
    const rejected = await trx
      .updateTable("guide_revisions")
      .set({ status: "rejected", decided_by: actor.id, decided_at: nowIso(), review_comment: comment })
      .where("id", "=", revisionId)
      .where("slug", "=", slug)
      .where("status", "=", "in_review")
      .where("author_id", "is not", null)
      .where("author_id", "<>", actor.id)
      .returning("number")
      .executeTakeFirst();
    if (!rejected) return explainRefusedDecision(trx, slug, revisionId, actor.id);
    // The comment is the editor's words to a colleague, so it is stored on the revision, not in the audit details.
    await audit(trx, actor, "guide.rejected", slug, { revision: Number(rejected.number) });
    return { ok: true, value: await summaryOf(trx, revisionId) };
  });
}

/** Any earlier revision but the published one becomes a new draft by the actor; history itself is never rewritten. */
export async function restoreRevision(actor: EditorialActor, slug: string, revisionId: string): Promise<EditorialResult<RevisionSummary>> {
  const origin = await db().selectFrom("guide_revisions").select(["id", "slug", "number", "content_hash"]).where("id", "=", revisionId).where("slug", "=", slug).executeTakeFirst();
  if (!origin) return fail("not_found", "That revision no longer exists.");
  const guide = await db().selectFrom("guides").select("published_revision_id").where("slug", "=", slug).executeTakeFirst();
  if (guide?.published_revision_id === origin.id) return fail("wrong_status", "Customers already see this revision; there is nothing to restore.");
  // Makes sure the render row exists before the transaction, so the transaction never compiles.
  await renderOf({ contentHash: origin.content_hash, source: () => revisionSource(origin.id) });
  return inWriteTransaction(async (trx) => {
    if (!(await lockGuide(trx, origin.slug))) return fail("not_found", "There is no guide at this address.");
    const open = await openRevision(trx, origin.slug);
    if (open) return fail("locked", `${lockedMessage(open, actor.id)} Restore an older revision once nothing is in flight.`);
    const id = crypto.randomUUID();
    const number = await nextRevisionNumber(trx, origin.slug);
    await trx
      .insertInto("guide_revisions")
      .values({
        id,
        slug: origin.slug,
        number,
        source: await revisionSource(origin.id, trx),
        content_hash: origin.content_hash,
        status: "draft",
        author_id: actor.id,
        created_at: nowIso(),
        submitted_at: null,
        decided_by: null,
        decided_at: null,
        review_comment: null,
        restored_from: origin.id,
      })
      .execute();
    await audit(trx, actor, "guide.restored", origin.slug, { revision: number, restoredFrom: Number(origin.number) });
    return { ok: true, value: await summaryOf(trx, id) };
  });
}
