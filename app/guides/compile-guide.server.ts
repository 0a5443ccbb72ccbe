import { createHash } from "node:crypto";
import { bundleMDX } from "mdx-bundler";
// The bare "mdx-bundler/client" specifier has no ESM-resolvable entry in Node; the file path does.
import { getMDXComponent } from "mdx-bundler/client/index.js";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import remarkGfm from "remark-gfm";

import { guideComponents } from "./guide-components";
import { guideText, type GuideNode } from "./guide-tree";
import { htmlToGuideTree } from "./html-to-guide-tree.server";
import {
  SAFE_GRAY_MATTER_OPTIONS,
  validateGuideSource,
  type GuideFrontmatter,
  type GuideProblem,
} from "./validate-mdx.server";

/*
 * The whole pipeline from an editor's text to what customers see. It parses, bundles and
 * evaluates untrusted input, so the app only ever runs it inside the guide compiler's worker
 * pool (guide-compiler-pool.server.ts), never on the request thread.
 */

export interface CompiledGuide {
  html: string;
  frontmatter: GuideFrontmatter;
  readingMinutes: number;
  contentHash: string;
}

export class GuideValidationError extends Error {
  override readonly name = "GuideValidationError";
  readonly problems: GuideProblem[];

  constructor(problems: GuideProblem[]) {
    const summary = problems
      .slice(0, 5)
      .map((problem) => `line ${problem.line}: ${problem.message}`)
      .join("; ");
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : "";
    super(`Guide failed validation: ${summary}${more}`);
    this.problems = problems;
  }
}

const WORDS_PER_MINUTE = 200;

function countWords(html: string): number {
  const text = html
    .replace(/<[^>]*>/g, " ")
    .replace(/&[a-z0-9#]+;/gi, " ");
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
}

export function readingMinutesFor(html: string): number {
  return Math.max(1, Math.ceil(countWords(html) / WORDS_PER_MINUTE));
}

export function sha256Hex(source: string): string {
  return createHash("sha256").update(source, "utf8").digest("hex");
}

/**
 * Validation must run first: bundleMDX evaluates frontmatter with gray-matter
 * and the output is executed below, so unvalidated input would be code execution
 * on the server.
 */
export async function compileGuide(source: string): Promise<CompiledGuide> {
  const result = validateGuideSource(source);
  if (!result.ok) {
    throw new GuideValidationError(result.problems);
  }

  const { code } = await bundleMDX({
    source,
    // Second line of defence in case the validator's frontmatter rules ever drift from gray-matter's.
    grayMatterOptions: (options) => ({ ...options, ...SAFE_GRAY_MATTER_OPTIONS }),
    mdxOptions: (options) => ({
      ...options,
      remarkPlugins: [...(options.remarkPlugins ?? []), remarkGfm],
    }),
    esbuildOptions: (options) => ({ ...options, logLevel: "silent" }),
  });

  const contentHash = sha256Hex(source);
  const Component = getMDXComponent(code);
  const html = renderToStaticMarkup(createElement(Component, { components: guideComponents }), {
    // The HTML is injected into a page React also renders; without a prefix, useId values in the
    // guide (":R5:") collide with the host page's and aria-labelledby points at the wrong element.
    identifierPrefix: `guide-${contentHash.slice(0, 8)}-`,
  });

  return {
    html,
    frontmatter: result.frontmatter,
    readingMinutes: readingMinutesFor(html),
    contentHash,
  };
}

/** A compiled guide as the app keeps it: the allow-listed element tree, never HTML. */
export interface GuideRender {
  contentHash: string;
  tree: GuideNode[];
  frontmatter: GuideFrontmatter;
  readingMinutes: number;
  /** plain text of the body, for search */
  text: string;
}

export type CompileOutcome = { ok: true; render: GuideRender } | { ok: false; problems: GuideProblem[] };

/** Deeper than any guide a person would write; shallow enough for every renderer's stack. */
export const MAX_GUIDE_NESTING = 32;

/** The element depth of a tree, walked with an explicit stack: the tree may be hostile. */
export function guideTreeDepth(tree: readonly GuideNode[]): number {
  let deepest = 0;
  const pending: [GuideNode, number][] = tree.map((node) => [node, 1]);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (typeof node === "string") continue;
    deepest = Math.max(deepest, depth);
    for (const child of node.slice(2) as GuideNode[]) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** Validation problems come back as data; anything else (a bundler failure, a blown stack) throws. */
export async function renderGuideSource(source: string): Promise<CompileOutcome> {
  try {
    const compiled = await compileGuide(source);
    const tree = htmlToGuideTree(compiled.html);
    // The page renders the tree recursively (React on the server, the browser's DOM), so depth
    // is bounded here, in the worker, before a thousand nested Callouts can blow a stack there.
    if (guideTreeDepth(tree) > MAX_GUIDE_NESTING) {
      return { ok: false, problems: [{ line: 1, message: `Callouts, lists or quotes are nested more than ${MAX_GUIDE_NESTING} levels deep. Keep nesting to a few levels so the guide stays readable.` }] };
    }
    return {
      ok: true,
      render: { contentHash: compiled.contentHash, tree, frontmatter: compiled.frontmatter, readingMinutes: compiled.readingMinutes, text: guideText(tree) },
    };
  } catch (error) {
    if (error instanceof GuideValidationError) return { ok: false, problems: error.problems };
    throw error;
  }
}
