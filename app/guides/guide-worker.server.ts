import type { MessagePort } from "node:worker_threads";
import { renderGuideSource, type CompileOutcome } from "./compile-guide.server";

/*
 * The guide compiler's worker: the only place editor text is parsed, bundled, evaluated and
 * rendered. It is built on its own into build/guide-worker.js (npm run build:worker) and
 * imports nothing that touches the database, the session or a key; the pool starts it with an
 * environment of NODE_ENV alone.
 */

/*
 * mdx-bundler imports its compiler lazily and starts esbuild's service on first use: seconds
 * on a busy machine. A worker does that once, here, before it takes its first job, so no
 * editor's deadline pays for it (a job waits for it before it says it has started).
 */
const WARM_UP = `---
title: "Warming up the compiler"
summary: "A guide the worker compiles once, before its first job."
category: scams
tags: ["scams"]
updated: "2026-01-01"
---

Warming up.

<Callout type="tip" title="Tip">

Ready.

</Callout>
`;
const warmedUp = renderGuideSource(WARM_UP).catch(() => undefined);

export interface GuideJob {
  source: string;
  /** told the moment this worker starts the job, so the deadline counts work, not queueing */
  started: MessagePort;
}

export type GuideJobAnswer =
  | { kind: "done"; outcome: CompileOutcome }
  /** the input blew the stack: it is too deeply nested to render */
  | { kind: "too_complex" }
  /** a failure that is not the editor's to fix; the reason is for the server log only */
  | { kind: "failed"; reason: string };

export default async function compileGuideJob({ source, started }: GuideJob): Promise<GuideJobAnswer> {
  await warmedUp;
  started.postMessage("started");
  started.close();
  try {
    return { kind: "done", outcome: await renderGuideSource(source) };
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) return { kind: "too_complex" };
    return { kind: "failed", reason: error instanceof Error ? (error.message.split("\n")[0] ?? error.name) : String(error) };
  }
}

/** The names in this isolate's environment; the pool's test proves it is NODE_ENV alone. */
export function environmentNames(): string[] {
  return Object.keys(process.env).sort();
}
