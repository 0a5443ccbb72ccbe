import crypto from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { appendAudit } from "~/audit/audit-log.server";
import { nowIso } from "~/clock.server";
import { db, inWriteTransaction } from "~/db.server";
import { isDomainError } from "~/errors/domain-error";
import { compileRender, storeRender, type CompileOutcome, type GuideRender } from "./guide-renders.server";
import { isGuideSlug } from "./guide-store.server";
import type { GuideProblem } from "./validate-mdx.server";

export const SHIPPED_GUIDES_DIR = path.resolve("content/guides");
/** Every shipped guide is queued at once at start-up, when no request is waiting on them. */
const IMPORT_QUEUE_WAIT_MS = 5 * 60_000;

export interface ImportReport {
  imported: string[];
  /** shipped files that failed validation; they are skipped, never half-imported */
  refused: { slug: string; problems: GuideProblem[] }[];
}

/**
 * Makes each shipped guide that the database does not know yet its published revision 1.
 * A guide already in the database is left alone even if its file changed: a guide edited
 * in the app wins over its file, and the file only ever seeds a new installation.
 */
export async function importShippedGuides(dir: string = SHIPPED_GUIDES_DIR): Promise<ImportReport> {
  const report: ImportReport = { imported: [], refused: [] };
  if (!existsSync(dir)) return report;
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".mdx") && isGuideSlug(name.slice(0, -".mdx".length)))
    .sort();
  if (files.length === 0) return report;

  const slugs = files.map((name) => name.slice(0, -".mdx".length));
  const known = new Set((await db().selectFrom("guides").select("slug").where("slug", "in", slugs).execute()).map((row) => row.slug));
  const candidates: { slug: string; source: string; render: GuideRender }[] = [];
  // All at once: the worker pool decides how many compile in parallel, off this thread.
  const compiled = await Promise.all(
    slugs
      .filter((slug) => !known.has(slug))
      .map(async (slug) => {
        const source = readFileSync(path.join(dir, `${slug}.mdx`), "utf8");
        const outcome = await compileRender(source, { queueWaitMs: IMPORT_QUEUE_WAIT_MS }).catch((error: unknown): CompileOutcome => {
          if (isDomainError(error, "too_complex")) return { ok: false, problems: [{ line: 1, message: error.message }] };
          throw error;
        });
        return { slug, source, outcome };
      }),
  );
  for (const { slug, source, outcome } of compiled) {
    if (outcome.ok) candidates.push({ slug, source, render: outcome.render });
    else report.refused.push({ slug, problems: outcome.problems });
  }
  if (candidates.length === 0) return report;

  await inWriteTransaction(async (trx) => {
    const at = nowIso();
    for (const candidate of candidates) {
      // Another instance starting at the same moment may have imported it already.
      const inserted = await trx
        .insertInto("guides")
        .values({ slug: candidate.slug, published_revision_id: null, created_at: at })
        .onConflict((conflict) => conflict.column("slug").doNothing())
        .returning("slug")
        .executeTakeFirst();
      if (!inserted) continue;
      const revisionId = crypto.randomUUID();
      await trx
        .insertInto("guide_revisions")
        .values({
          id: revisionId,
          slug: candidate.slug,
          number: 1,
          source: candidate.source,
          content_hash: candidate.render.contentHash,
          status: "published",
          author_id: null,
          created_at: at,
          submitted_at: null,
          decided_by: null,
          decided_at: at,
          review_comment: null,
          restored_from: null,
        })
        .execute();
      await trx.updateTable("guides").set({ published_revision_id: revisionId }).where("slug", "=", candidate.slug).execute();
      await storeRender(candidate.render, trx);
      report.imported.push(candidate.slug);
    }
    if (report.imported.length > 0) {
      await appendAudit(
        { actorId: null, actorRole: "system", action: "guide.imported", subjectType: "guide", details: { guides: report.imported } },
        trx,
      );
    }
  });
  return report;
}
