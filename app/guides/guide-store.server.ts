import type { GuideRevisionStatus } from "../../db/schema";
import { db, lockRowsSupported, type Db } from "~/db.server";

/*
 * The queries every guide module shares: how a revision is read (with the people's names),
 * and how a guide row is locked before its revisions change.
 */

export const GUIDE_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Path segments under /editor that a slug must not shadow. */
const RESERVED_SLUGS = new Set(["new"]);

export function isGuideSlug(value: string): boolean {
  return value.length >= 3 && value.length <= 80 && GUIDE_SLUG_PATTERN.test(value) && !RESERVED_SLUGS.has(value);
}

/** Who is acting, for the audit row every editorial change writes. */
export interface EditorialActor {
  id: string;
  role: string | null;
  ip: string;
  userAgent: string;
}

export function editorialActor(user: { id: string; roles: readonly string[] }, context: { ip: string; userAgent: string }): EditorialActor {
  return { id: user.id, role: user.roles[0] ?? null, ip: context.ip, userAgent: context.userAgent };
}

export interface RevisionSummary {
  id: string;
  slug: string;
  number: number;
  status: GuideRevisionStatus;
  contentHash: string;
  authorId: string | null;
  /** "Shipped with the app" for the imported first revisions */
  authorName: string;
  createdAt: string;
  submittedAt: string | null;
  decidedById: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  reviewComment: string | null;
  restoredFromNumber: number | null;
}

export const SHIPPED_AUTHOR_NAME = "Shipped with the app";

export function revisionsQuery(trx: Db = db()) {
  return trx
    .selectFrom("guide_revisions as r")
    .leftJoin("users as author", "author.id", "r.author_id")
    .leftJoin("users as decider", "decider.id", "r.decided_by")
    .leftJoin("guide_revisions as origin", "origin.id", "r.restored_from")
    .select([
      "r.id",
      "r.slug",
      "r.number",
      "r.status",
      "r.content_hash",
      "r.author_id",
      "author.display_name as author_name",
      "r.created_at",
      "r.submitted_at",
      "r.decided_by",
      "decider.display_name as decider_name",
      "r.decided_at",
      "r.review_comment",
      "origin.number as origin_number",
    ]);
}

type RevisionRow = Awaited<ReturnType<ReturnType<typeof revisionsQuery>["executeTakeFirstOrThrow"]>>;

export function toRevisionSummary(row: RevisionRow): RevisionSummary {
  return {
    id: row.id,
    slug: row.slug,
    number: Number(row.number),
    status: row.status,
    contentHash: row.content_hash,
    authorId: row.author_id,
    authorName: row.author_id ? (row.author_name ?? "Former editor") : SHIPPED_AUTHOR_NAME,
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
    decidedById: row.decided_by,
    decidedByName: row.decided_by ? (row.decider_name ?? "Former editor") : null,
    decidedAt: row.decided_at,
    reviewComment: row.review_comment,
    restoredFromNumber: row.origin_number === null ? null : Number(row.origin_number),
  };
}

export async function revisionSource(revisionId: string, trx: Db = db()): Promise<string> {
  const row = await trx.selectFrom("guide_revisions").select("source").where("id", "=", revisionId).executeTakeFirstOrThrow();
  return row.source;
}

/**
 * Serialises changes to one guide's revisions. SQLite already holds the write lock
 * (BEGIN IMMEDIATE); PostgreSQL locks the guide row until commit.
 */
export async function lockGuide(trx: Db, slug: string): Promise<{ slug: string; published_revision_id: string | null } | undefined> {
  return trx
    .selectFrom("guides")
    .select(["slug", "published_revision_id"])
    .where("slug", "=", slug)
    .$if(lockRowsSupported(), (query) => query.forUpdate())
    .executeTakeFirst();
}

export async function nextRevisionNumber(trx: Db, slug: string): Promise<number> {
  const row = await trx.selectFrom("guide_revisions").select((eb) => eb.fn.max("number").as("highest")).where("slug", "=", slug).executeTakeFirst();
  return Number(row?.highest ?? 0) + 1;
}
