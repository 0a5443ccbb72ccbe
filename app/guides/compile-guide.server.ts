import { createHash } from "node:crypto";
import { bundleMDX } from "mdx-bundler";
// The bare "mdx-bundler/client" specifier has no ESM-resolvable entry in Node; the file path does.
import { getMDXComponent } from "mdx-bundler/client/index.js";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import remarkGfm from "remark-gfm";

import { guideComponents } from "./guide-components";
import {
  SAFE_GRAY_MATTER_OPTIONS,
  validateGuideSource,
  type GuideFrontmatter,
  type GuideProblem,
} from "./validate-mdx.server";

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

/* ------------------------------------------------------------------------ */
/* Concurrency limit                                                          */
/* ------------------------------------------------------------------------ */

/** Compiles are CPU-bound (esbuild + React render); more than two at once only starves request handling. */
export const MAX_CONCURRENT_COMPILES = 2;

let running = 0;
const waiting: Array<() => void> = [];

function acquireSlot(): Promise<void> {
  if (running < MAX_CONCURRENT_COMPILES) {
    running++;
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    waiting.push(() => {
      running++;
      resolve();
    });
  });
}

function releaseSlot(): void {
  running--;
  waiting.shift()?.();
}

export async function compileQueued(source: string): Promise<CompiledGuide> {
  await acquireSlot();
  try {
    return await compileGuide(source);
  } finally {
    releaseSlot();
  }
}

/** Exposed for tests and metrics: how many compiles are running and how many are waiting. */
export function compileQueueStats(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}
