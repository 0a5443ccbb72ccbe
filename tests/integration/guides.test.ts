import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { db } from "../../app/db.server";
import { guideCompilerStats } from "../../app/guides/guide-compiler-pool.server";
import { getGuidePage, getPublishedGuide, listGuides, relatedGuides } from "../../app/guides/guide-catalogue.server";
import {
  createGuide,
  publishRevision,
  rejectRevision,
  restoreRevision,
  saveDraft,
  submitForReview,
  withdrawSubmission,
} from "../../app/guides/guide-editorial.server";
import { compareRevisions, getGuideHistory } from "../../app/guides/guide-history.server";
import { importShippedGuides, SHIPPED_GUIDES_DIR, type ImportReport } from "../../app/guides/guide-import.server";
import { clearRenderMemory, renderCacheStats } from "../../app/guides/guide-renders.server";
import type { EditorialActor } from "../../app/guides/guide-store.server";
import { guideText } from "../../app/guides/guide-tree";
import { getGuideWorkspace } from "../../app/guides/guide-workspace.server";
import { createUser } from "../../app/users/users.server";
import { testEngines, useFreshDatabase } from "../support/test-database";

const SHIPPED_COUNT = fs.readdirSync(SHIPPED_GUIDES_DIR).filter((name) => name.endsWith(".mdx")).length;

function shippedSource(slug: string): string {
  return fs.readFileSync(path.join(SHIPPED_GUIDES_DIR, `${slug}.mdx`), "utf8");
}

/** The shipped guide with one paragraph added after the frontmatter. */
function edited(slug: string, sentence: string): string {
  return shippedSource(slug).replace(/\n---\n\n/, `\n---\n\n${sentence}\n\n`);
}

const HOSTILE_LINES = [
  "---",
  'title: "A perfectly normal guide"',
  'summary: "Nothing to see here, just a normal guide about safety."',
  "category: scams",
  'tags: ["scams"]',
  'updated: "2026-11-20"',
  "---",
  "",
  "import fs from 'node:fs'",
  "",
  "Read [this](javascript:alert(document.cookie)) now.",
  "",
  '<img src="x" onerror="alert(1)" />',
  "",
  "{fs.rmSync('/', { recursive: true })}",
  "",
];
const HOSTILE = HOSTILE_LINES.join("\n");

async function counts() {
  const count = async (table: "guides" | "guide_revisions" | "guide_renders" | "audit_log") =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  return { guides: await count("guides"), revisions: await count("guide_revisions"), renders: await count("guide_renders"), audit: await count("audit_log") };
}

async function revisionRow(id: string) {
  return db().selectFrom("guide_revisions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function publishedRevisionId(slug: string): Promise<string | null> {
  return (await db().selectFrom("guides").select("published_revision_id").where("slug", "=", slug).executeTakeFirstOrThrow()).published_revision_id;
}

describe.each(testEngines())("security guides on %s", (engine) => {
  useFreshDatabase(engine);
  let erin: EditorialActor;
  let felix: EditorialActor;
  let firstImport: ImportReport;

  beforeAll(async () => {
    const erinId = await createUser({ displayName: "Erin Walsh", email: "erin.editor@example.com", roles: ["editor"] });
    const felixId = await createUser({ displayName: "Felix Moreau", email: "felix.editor@example.com", roles: ["editor"] });
    erin = { id: erinId, role: "editor", ip: "203.0.113.10", userAgent: "Vitest (Erin)" };
    felix = { id: felixId, role: "editor", ip: "203.0.113.20", userAgent: "Vitest (Felix)" };
    firstImport = await importShippedGuides();
  });

  describe("importing the shipped guides", () => {
    it("makes every file the published revision 1 of its guide, with its render stored", async () => {
      expect(firstImport.refused).toEqual([]);
      expect(firstImport.imported).toHaveLength(SHIPPED_COUNT);
      const rows = await db()
        .selectFrom("guides")
        .innerJoin("guide_revisions as r", "r.id", "guides.published_revision_id")
        .leftJoin("guide_renders as g", "g.content_hash", "r.content_hash")
        .select(["guides.slug", "r.number", "r.status", "r.author_id", "r.source", "g.content_hash as rendered"])
        .execute();
      expect(rows).toHaveLength(SHIPPED_COUNT);
      for (const row of rows) {
        expect(row).toMatchObject({ number: 1, status: "published", author_id: null });
        expect(row.source).toBe(shippedSource(row.slug));
        expect(row.rendered).not.toBeNull();
      }
      const audit = await db().selectFrom("audit_log").select(["actor_role", "details"]).where("action", "=", "guide.imported").execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.details).guides).toHaveLength(SHIPPED_COUNT);
    });

    it("is idempotent: a second start imports nothing and writes nothing", async () => {
      const before = await counts();
      expect(await importShippedGuides()).toEqual({ imported: [], refused: [] });
      expect(await counts()).toEqual(before);
    });

    it("never overwrites a guide already in the database: the app's edit wins over its file", async () => {
      const slug = "public-wifi-and-vpns";
      const draft = await saveDraft(erin, slug, edited(slug, "Edited in the app: hotspots change every year."));
      expect(draft.ok).toBe(true);
      if (!draft.ok) return;
      expect((await submitForReview(erin, slug, draft.value.id)).ok).toBe(true);
      expect((await publishRevision(felix, slug, draft.value.id)).ok).toBe(true);

      // A newer file for the same guide, and one brand-new guide, in a second content folder.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-guides-"));
      try {
        fs.writeFileSync(path.join(dir, `${slug}.mdx`), edited(slug, "The file changed too, but must not win."));
        fs.writeFileSync(path.join(dir, "brand-new-guide.mdx"), shippedSource("what-we-never-ask").replace(/^title: .*$/m, 'title: "A brand new guide"'));
        const report = await importShippedGuides(dir);
        expect(report.imported).toEqual(["brand-new-guide"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const guide = await getPublishedGuide(slug);
      expect(guideText(guide!.tree as never)).toContain("Edited in the app: hotspots change every year.");
      expect(guideText(guide!.tree as never)).not.toContain("must not win");
      expect(guide!.revisionNumber).toBe(2);
      expect((await getPublishedGuide("brand-new-guide"))?.title).toBe("A brand new guide");
    });
  });

  describe("drafts", () => {
    it("refuses hostile MDX with the offending line numbers and writes nothing", async () => {
      const before = await counts();
      const saved = await saveDraft(erin, "recognising-phishing", HOSTILE);
      expect(saved.ok).toBe(false);
      if (saved.ok) return;
      expect(saved.code).toBe("invalid_source");
      const lines = new Set(saved.problems?.map((problem) => problem.line));
      const lineOf = (fragment: string) => HOSTILE_LINES.findIndex((line) => line.includes(fragment)) + 1;
      for (const fragment of ["import fs", "javascript:", "<img", "{fs.rmSync"]) expect(lines, fragment).toContain(lineOf(fragment));

      const created = await createGuide(erin, "hostile-guide", HOSTILE);
      expect(created).toMatchObject({ ok: false, code: "invalid_source" });
      expect(await counts()).toEqual(before);
      expect(await db().selectFrom("guides").select("slug").where("slug", "=", "hostile-guide").executeTakeFirst()).toBeUndefined();
    });

    it("creates a new guide as its author's draft and refuses a taken or malformed address", async () => {
      const source = shippedSource("keeping-devices-safe").replace(/^title: .*$/m, 'title: "Keeping tablets safe"');
      const created = await createGuide(erin, "keeping-tablets-safe", source);
      expect(created).toMatchObject({ ok: true, value: { number: 1, status: "draft", authorId: erin.id } });
      expect(await getPublishedGuide("keeping-tablets-safe")).toBeNull();
      expect(await createGuide(felix, "keeping-tablets-safe", source)).toMatchObject({ ok: false, code: "slug_taken" });
      expect(await createGuide(felix, "Not A Slug", source)).toMatchObject({ ok: false, code: "invalid_slug" });
      expect(await createGuide(felix, "new", source)).toMatchObject({ ok: false, code: "invalid_slug" });
    });

    it("saving again updates the author's open draft instead of adding revisions", async () => {
      const slug = "protecting-your-identity";
      const first = await saveDraft(erin, slug, edited(slug, "First attempt."));
      const second = await saveDraft(erin, slug, edited(slug, "Second attempt."));
      expect(first.ok && second.ok).toBe(true);
      if (!first.ok || !second.ok) return;
      expect(second.value.id).toBe(first.value.id);
      expect(second.value.number).toBe(2);
      expect((await revisionRow(first.value.id)).source).toContain("Second attempt.");
    });

    it("two editors saving the same guide at the same moment open exactly one draft", async () => {
      const slug = "online-shopping-fraud";
      const results = await Promise.all([saveDraft(erin, slug, edited(slug, "Erin races.")), saveDraft(felix, slug, edited(slug, "Felix races."))]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok)).toMatchObject([{ code: "locked" }]);
      const open = await db().selectFrom("guide_revisions").select("id").where("slug", "=", slug).where("status", "in", ["draft", "in_review"]).execute();
      expect(open).toHaveLength(1);
    });

    it("keeps one revision in flight per guide: another editor cannot open a second draft", async () => {
      const locked = await saveDraft(felix, "protecting-your-identity", edited("protecting-your-identity", "Felix's version."));
      expect(locked).toMatchObject({ ok: false, code: "locked" });
    });
  });

  describe("review", () => {
    it("the author cannot publish their own revision; a different editor can, superseding the old one", async () => {
      const slug = "safe-account-scams";
      const previous = await publishedRevisionId(slug);
      const draft = await saveDraft(erin, slug, edited(slug, "Four-eyes check: written by Erin."));
      if (!draft.ok) throw new Error("draft refused");

      expect(await publishRevision(felix, slug, draft.value.id)).toMatchObject({ ok: false, code: "wrong_status" });
      expect(await submitForReview(felix, slug, draft.value.id)).toMatchObject({ ok: false, code: "not_author" });
      expect((await submitForReview(erin, slug, draft.value.id)).ok).toBe(true);

      expect(await publishRevision(erin, slug, draft.value.id)).toMatchObject({ ok: false, code: "own_revision" });
      expect(await rejectRevision(erin, slug, draft.value.id, "Rejecting my own work")).toMatchObject({ ok: false, code: "own_revision" });
      expect((await revisionRow(draft.value.id)).status).toBe("in_review");
      expect(await publishedRevisionId(slug)).toBe(previous);

      const published = await publishRevision(felix, slug, draft.value.id);
      expect(published).toMatchObject({ ok: true, value: { status: "published", decidedById: felix.id, decidedByName: "Felix Moreau", authorName: "Erin Walsh" } });
      expect(await publishedRevisionId(slug)).toBe(draft.value.id);
      expect((await revisionRow(previous!)).status).toBe("superseded");
      expect(guideText((await getPublishedGuide(slug))!.tree as never)).toContain("Four-eyes check: written by Erin.");
      // Publishing twice is refused rather than repeated.
      expect(await publishRevision(felix, slug, draft.value.id)).toMatchObject({ ok: false, code: "wrong_status" });
    });

    it("a revision of one guide cannot be decided through another guide's address", async () => {
      const slug = "push-payment-scams";
      const draft = await saveDraft(erin, slug, edited(slug, "Scoped by slug."));
      if (!draft.ok) throw new Error("draft refused");
      await submitForReview(erin, slug, draft.value.id);
      expect(await publishRevision(felix, "recognising-phishing", draft.value.id)).toMatchObject({ ok: false, code: "not_found" });
      expect(await rejectRevision(felix, slug, draft.value.id, "Needs a source for the figures.")).toMatchObject({ ok: true, value: { status: "rejected" } });
    });

    it("a rejection keeps the comment, and the author picks up from the rejected text", async () => {
      const workspace = await getGuideWorkspace("push-payment-scams", erin.id);
      expect(workspace?.lastRejected).toMatchObject({ reviewComment: "Needs a source for the figures.", decidedByName: "Felix Moreau" });
      expect(workspace?.editableSource).toContain("Scoped by slug.");
      expect(workspace?.canEdit).toBe(true);
      // Nothing is in flight after a rejection, so the next save opens a new revision.
      const again = await saveDraft(erin, "push-payment-scams", edited("push-payment-scams", "Scoped by slug, with sources."));
      expect(again).toMatchObject({ ok: true, value: { number: 3, status: "draft" } });
    });

    it("the author can withdraw their own submission back to a draft; nobody else can", async () => {
      const slug = "recognising-phishing";
      const draft = await saveDraft(erin, slug, edited(slug, "Withdrawn before review."));
      if (!draft.ok) throw new Error("draft refused");
      expect(await withdrawSubmission(erin, slug, draft.value.id)).toMatchObject({ ok: false, code: "wrong_status" });
      expect((await submitForReview(erin, slug, draft.value.id)).ok).toBe(true);

      expect(await withdrawSubmission(felix, slug, draft.value.id)).toMatchObject({ ok: false, code: "not_author" });
      expect(await withdrawSubmission(erin, "push-payment-scams", draft.value.id)).toMatchObject({ ok: false, code: "not_found" });
      expect((await revisionRow(draft.value.id)).status).toBe("in_review");

      const withdrawn = await withdrawSubmission(erin, slug, draft.value.id);
      expect(withdrawn).toMatchObject({ ok: true, value: { status: "draft", submittedAt: null, authorId: erin.id } });
      const audit = await db().selectFrom("audit_log").select(["details", "ip", "user_agent"]).where("action", "=", "guide.withdrawn").executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details)).toEqual({ revision: Number((await revisionRow(draft.value.id)).number) });
      expect(audit).toMatchObject({ ip: erin.ip, user_agent: erin.userAgent });

      // It is Erin's draft again: she edits the same revision and can submit it once more; a reviewer can no longer publish it.
      expect(await publishRevision(felix, slug, draft.value.id)).toMatchObject({ ok: false, code: "wrong_status" });
      const saved = await saveDraft(erin, slug, edited(slug, "Withdrawn, then improved."));
      expect(saved).toMatchObject({ ok: true, value: { id: draft.value.id, status: "draft" } });
      expect((await submitForReview(erin, slug, draft.value.id)).ok).toBe(true);
      expect((await rejectRevision(felix, slug, draft.value.id, "Not this week.")).ok).toBe(true);
    });

    it("audits every editorial action with actor, IP and user agent", async () => {
      const rows = await db()
        .selectFrom("audit_log")
        .select(["action", "actor_id", "actor_role", "ip", "user_agent", "subject_type", "subject_id"])
        .where("action", "like", "guide.%")
        .where("actor_id", "is not", null)
        .execute();
      const actions = new Set(rows.map((row) => row.action));
      for (const action of ["guide.created", "guide.draft_saved", "guide.submitted", "guide.withdrawn", "guide.published", "guide.rejected"]) expect(actions, action).toContain(action);
      for (const row of rows) {
        const actor = row.actor_id === erin.id ? erin : felix;
        expect(row).toMatchObject({ actor_role: "editor", ip: actor.ip, user_agent: actor.userAgent, subject_type: "guide" });
        expect(row.subject_id).toMatch(/^[a-z0-9-]+$/);
      }
    });
  });

  describe("history", () => {
    it("restoring an old revision creates a new draft and leaves history untouched", async () => {
      const slug = "safe-account-scams";
      const history = await getGuideHistory(slug);
      const original = history!.revisions.find((revision) => revision.number === 1)!;
      const before = await revisionRow(original.id);

      const restored = await restoreRevision(felix, slug, original.id);
      expect(restored).toMatchObject({ ok: true, value: { number: 3, status: "draft", authorId: felix.id, restoredFromNumber: 1 } });
      if (!restored.ok) return;
      const row = await revisionRow(restored.value.id);
      expect(row.source).toBe(before.source);
      expect(row.restored_from).toBe(original.id);
      expect(await revisionRow(original.id)).toEqual(before);
      // Customers still see revision 2 until the restored draft is reviewed.
      expect((await getPublishedGuide(slug))?.revisionNumber).toBe(2);
      expect(await restoreRevision(felix, slug, original.id)).toMatchObject({ ok: false, code: "locked" });
      // The published revision is what customers see already: never offered, and refused if asked for.
      expect(history?.publishedRevisionId).toBe(await publishedRevisionId(slug));
      expect(await restoreRevision(erin, "freezing-your-card", (await publishedRevisionId("freezing-your-card"))!)).toMatchObject({ ok: false, code: "wrong_status" });
      const audit = await db().selectFrom("audit_log").select("details").where("action", "=", "guide.restored").where("actor_id", "=", felix.id).executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details)).toEqual({ revision: 3, restoredFrom: 1 });
    });

    it("lists revisions newest first and diffs any two of them by word", async () => {
      const history = await getGuideHistory("safe-account-scams");
      expect(history?.revisions.map((revision) => [revision.number, revision.status])).toEqual([
        [3, "draft"],
        [2, "published"],
        [1, "superseded"],
      ]);
      expect(history?.hasOpenRevision).toBe(true);
      const forward = await compareRevisions("safe-account-scams", 1, 2);
      expect(forward).toMatchObject({ wordsAdded: 5, wordsRemoved: 0 });
      expect(forward?.rows.filter((row) => row.kind === "added").map((row) => ("text" in row ? row.text : "")).sort()).toEqual(["", "Four-eyes check: written by Erin."]);
      expect(forward?.rows.some((row) => row.kind === "skipped")).toBe(true);
      expect(await compareRevisions("safe-account-scams", 2, 3)).toMatchObject({ wordsAdded: 0, wordsRemoved: 5 });
      expect(await compareRevisions("safe-account-scams", 1, 99)).toBeNull();
    });
  });

  describe("reading", () => {
    it("a page view never compiles: the table answers, then memory", async () => {
      const slug = "travelling-with-your-card";
      clearRenderMemory();
      const before = renderCacheStats().compiles;
      const jobsBefore = guideCompilerStats().jobs;
      expect((await getPublishedGuide(slug))?.title).toBe("Travelling with your card");
      await listGuides();
      await getPublishedGuide(slug);
      expect(renderCacheStats().compiles).toBe(before);
      expect(guideCompilerStats().jobs).toBe(jobsBefore);
    });

    it("a lost cache row is compiled once, stored again, and not compiled on the next view", async () => {
      const slug = "travelling-with-your-card";
      const { content_hash } = await db()
        .selectFrom("guides")
        .innerJoin("guide_revisions as r", "r.id", "guides.published_revision_id")
        .select("r.content_hash")
        .where("guides.slug", "=", slug)
        .executeTakeFirstOrThrow();
      await db().deleteFrom("guide_renders").where("content_hash", "=", content_hash).execute();
      clearRenderMemory();
      const before = renderCacheStats().compiles;
      await getPublishedGuide(slug);
      expect(renderCacheStats().compiles).toBe(before + 1);
      expect(await db().selectFrom("guide_renders").select("content_hash").where("content_hash", "=", content_hash).executeTakeFirst()).toBeDefined();
      await getPublishedGuide(slug);
      clearRenderMemory();
      await getPublishedGuide(slug);
      expect(renderCacheStats().compiles).toBe(before + 1);
    });

    it("searches title, summary, tags and body text case-insensitively, and filters by category", async () => {
      const vpn = await listGuides({ q: "VPN" });
      expect(vpn.guides.map((guide) => guide.slug)).toContain("public-wifi-and-vpns");
      // Only in the body of the guide that the app edited earlier.
      expect((await listGuides({ q: "hotspots change every year" })).guides.map((guide) => guide.slug)).toEqual(["public-wifi-and-vpns"]);
      expect((await listGuides({ q: "zebra-crossing-nonsense" })).guides).toEqual([]);

      const travel = await listGuides({ category: "travel" });
      expect(travel.guides.length).toBeGreaterThan(0);
      expect(travel.guides.every((guide) => guide.category === "travel")).toBe(true);
      const all = await listGuides();
      expect(all.guides).toHaveLength(all.total);
      expect(all.categories.reduce((sum, entry) => sum + entry.count, 0)).toBe(all.total);
      // A draft that was never published is not listed.
      expect(all.guides.map((guide) => guide.slug)).not.toContain("keeping-tablets-safe");
      for (const guide of all.guides) expect(guide.readingMinutes).toBeGreaterThanOrEqual(1);
    });

    it("relates guides that share tags or a category", async () => {
      const related = await relatedGuides("freezing-your-card");
      expect(related.length).toBeGreaterThan(0);
      expect(related.length).toBeLessThanOrEqual(3);
      expect(related.map((guide) => guide.slug)).not.toContain("freezing-your-card");
      for (const guide of related) expect(guide.category === "cards" || guide.tags.some((tag) => ["card freeze", "lost card", "stolen card", "card controls"].includes(tag))).toBe(true);
      expect(await relatedGuides("no-such-guide")).toEqual([]);
      const page = await getGuidePage("freezing-your-card");
      expect(page?.guide.title).toBe("Freezing and unfreezing your card");
      expect(page?.related).toEqual(related);
      expect(await getGuidePage("no-such-guide")).toBeNull();
    });
  });
});
