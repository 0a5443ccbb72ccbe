import { z } from "zod";
import { nowIso } from "~/clock.server";
import { db, type Db } from "~/db.server";
import { log } from "~/edge/access-log.server";
import { sha256Hex, type CompileOutcome, type GuideRender } from "./compile-guide.server";
import { compileInWorker } from "./guide-compiler-pool.server";
import { guideText, type GuideNode } from "./guide-tree";
import { GUIDE_CATEGORIES } from "./validate-mdx.server";

/*
 * Compiled guides, keyed by the SHA-256 of their source. A key never changes meaning, so
 * entries need no invalidation and every app instance may keep its own memory copy in front
 * of the shared guide_renders table. Page views read; only saving (or a row that was lost)
 * compiles.
 */

export type { CompileOutcome, GuideRender };

export const MEMORY_CACHE_LIMIT = 200;
const memory = new Map<string, GuideRender>();
let compileCount = 0;

/** For tests and metrics: how often this process has compiled, and how full the memory cache is. */
export function renderCacheStats(): { compiles: number; memoryEntries: number } {
  return { compiles: compileCount, memoryEntries: memory.size };
}

/** Tests use it to prove the table, not the memory, answered. */
export function clearRenderMemory(): void {
  memory.clear();
}

function remember(render: GuideRender): void {
  // Re-inserting moves the key to the end, so the Map's order is least recently used first.
  memory.delete(render.contentHash);
  memory.set(render.contentHash, render);
  while (memory.size > MEMORY_CACHE_LIMIT) {
    const oldest = memory.keys().next().value;
    if (oldest === undefined) break;
    memory.delete(oldest);
  }
}

function recall(contentHash: string): GuideRender | undefined {
  const hit = memory.get(contentHash);
  if (hit) remember(hit);
  return hit;
}

const storedFrontmatter = z.object({
  title: z.string(),
  summary: z.string(),
  category: z.enum(GUIDE_CATEGORIES),
  tags: z.array(z.string()),
  updated: z.string(),
});

const storedTree = z.array(z.unknown());

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function fromRow(row: { content_hash: string; tree: string; frontmatter: string; reading_minutes: number }): GuideRender | null {
  const frontmatter = storedFrontmatter.safeParse(parseJson(row.frontmatter));
  const tree = storedTree.safeParse(parseJson(row.tree));
  // A row we cannot read is treated as missing and compiled again from the revision's source.
  if (!frontmatter.success || !tree.success) return null;
  const nodes = tree.data as GuideNode[];
  return { contentHash: row.content_hash, tree: nodes, frontmatter: frontmatter.data, readingMinutes: Number(row.reading_minutes), text: guideText(nodes) };
}

/**
 * Validates and compiles in the worker pool; problems with the text come back as data. A guide
 * that outruns the pool's deadline or memory throws DomainError("too_complex").
 */
export async function compileRender(source: string, options: { queueWaitMs?: number } = {}): Promise<CompileOutcome> {
  compileCount++;
  const onFailure = (reason: string) => log({ level: "error", msg: "guide compile failed after validation", reason, contentHash: sha256Hex(source).slice(0, 16) });
  return compileInWorker(source, onFailure, options.queueWaitMs);
}

export async function storeRender(render: GuideRender, trx: Db = db()): Promise<void> {
  await trx
    .insertInto("guide_renders")
    .values({
      content_hash: render.contentHash,
      tree: JSON.stringify(render.tree),
      frontmatter: JSON.stringify(render.frontmatter),
      reading_minutes: render.readingMinutes,
      compiled_at: nowIso(),
    })
    .onConflict((conflict) => conflict.column("content_hash").doNothing())
    .execute();
  remember(render);
}

/** Memory first, then one query for the rest. Hashes with no stored render are absent from the result. */
export async function loadRenders(contentHashes: readonly string[]): Promise<Map<string, GuideRender>> {
  const found = new Map<string, GuideRender>();
  const missing: string[] = [];
  for (const hash of new Set(contentHashes)) {
    const hit = recall(hash);
    if (hit) found.set(hash, hit);
    else missing.push(hash);
  }
  if (missing.length > 0) {
    const rows = await db().selectFrom("guide_renders").selectAll().where("content_hash", "in", missing).execute();
    for (const row of rows) {
      const render = fromRow(row);
      if (!render) continue;
      remember(render);
      found.set(render.contentHash, render);
    }
  }
  return found;
}

/** The render of a stored revision; compiles (and stores) only if the cache row was lost. */
export async function renderOf(revision: { contentHash: string; source: () => Promise<string> }): Promise<GuideRender> {
  const cached = (await loadRenders([revision.contentHash])).get(revision.contentHash);
  if (cached) return cached;
  const outcome = await compileRender(await revision.source());
  if (!outcome.ok) {
    // Stored revisions were validated on save; failing now means the validator got stricter since.
    throw new Error(`stored guide revision ${revision.contentHash.slice(0, 12)} no longer compiles: ${outcome.problems[0]?.message ?? "unknown"}`);
  }
  await storeRender(outcome.render);
  return outcome.render;
}

/**
 * An editor's preview: the same compile and the same tree customers get, kept in memory only
 * so that abandoned experiments do not fill the table.
 */
export async function previewRender(source: string): Promise<CompileOutcome> {
  const cached = recall(sha256Hex(source));
  if (cached) return { ok: true, render: cached };
  const outcome = await compileRender(source);
  if (outcome.ok) remember(outcome.render);
  return outcome;
}
