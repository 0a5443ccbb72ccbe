import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { log } from "~/edge/access-log.server";
import { onShutdown } from "~/edge/graceful-shutdown.server";
import { DomainError } from "~/errors/domain-error";
import type { CompileOutcome } from "./compile-guide.server";
import type { GuideJob, GuideJobAnswer } from "./guide-worker.server";

/*
 * Editor text is parsed, bundled, evaluated and rendered in a pool of worker threads, never on
 * the request thread: micromark is super-linear on some inputs (40 KB of `*a` took 22 s in
 * process), and a worker that runs past its deadline is terminated, which no in-thread timeout
 * can do to a synchronous parser. Workers also run with a memory ceiling and with an
 * environment that holds NODE_ENV alone, so no secret, key or database address is reachable
 * from the isolate that runs compiled code. (They keep the normal CPU priority: the deadline is
 * wall-clock time, and a niced worker on a busy machine missed it with a real guide.)
 */

/** How long a worker may work on one guide; a real guide takes 20–200 ms. */
export const GUIDE_JOB_DEADLINE_MS = 5_000;
/** How long a request's job may wait for a free (or freshly started) worker before the editor is told to try again. */
const QUEUE_WAIT_MS = 30_000;
const MAX_QUEUED_JOBS = 16;
const THREADS = Math.max(1, Math.min(2, availableParallelism()));
const WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 };

export const TOO_COMPLEX_MESSAGE =
  "This guide is too complex to publish: it took too long or too much memory to turn into a page. Simplify deeply nested formatting (emphasis, brackets, components inside components) or split it into several guides.";
const BUSY_MESSAGE = "Guides are being checked for other editors right now. Nothing was saved; try again in a minute.";

function workerEntry(): { filename: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  // Run from source (tests, tsx) this module is TypeScript and tsx loads the worker too. In the
  // production build it is part of build/index.js, and npm run build:worker puts the worker beside it.
  if (/\.tsx?$/.test(here)) return { filename: path.join(path.dirname(here), "guide-worker.server.ts"), execArgv: ["--import", "tsx"] };
  return { filename: path.join(path.dirname(here), "guide-worker.js"), execArgv: [] };
}

let pool: Piscina<GuideJob, GuideJobAnswer> | null = null;
let shutdownRegistered = false;

const counters = { jobs: 0, deadlines: 0, outOfMemory: 0, busy: 0 };

function guidePool(): Piscina<GuideJob, GuideJobAnswer> {
  if (pool) return pool;
  const { filename, execArgv } = workerEntry();
  // Without this, a build made by `remix build` alone would leave every job waiting for a worker that never loads.
  if (!existsSync(filename)) throw new Error(`The guide compiler's worker is missing at ${filename}; run npm run build.`);
  pool = new Piscina<GuideJob, GuideJobAnswer>({
    filename,
    execArgv,
    // Only what React needs to pick its production build; nothing from this process's environment.
    env: { NODE_ENV: "production" },
    // Every worker stays started: one killed at its deadline is replaced in the background
    // while the other takes the next job, so an attacker's guide never makes the next editor
    // wait for a cold start.
    minThreads: THREADS,
    maxThreads: THREADS,
    maxQueue: MAX_QUEUED_JOBS,
    resourceLimits: WORKER_RESOURCE_LIMITS,
  });
  // A worker that fails outside a job (it cannot load, say) must not take the server down with
  // it: the job it held is refused, and piscina starts a replacement.
  if (!shutdownRegistered) {
    shutdownRegistered = true;
    onShutdown("guide compiler", closeGuideCompiler);
  }
  pool.on("error", (error: unknown) => log({ level: "error", msg: "guide compiler worker failed", reason: error instanceof Error ? error.message : String(error) }));
  return pool;
}

function isOutOfMemory(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "ERR_WORKER_OUT_OF_MEMORY";
}

function isQueueFull(error: unknown): boolean {
  return error instanceof Error && /queue is at limit/i.test(error.message);
}

/**
 * Validates and compiles a guide in a worker. Problems with the text come back as data;
 * a guide that outruns its deadline or memory is a DomainError("too_complex") (422), and a
 * pool too busy to take the job is DomainError("unavailable") (503). `onFailure` hears about
 * failures that are ours, not the editor's, with the worker's own words, for the server log.
 */
export async function compileInWorker(source: string, onFailure: (reason: string) => void = () => {}, queueWaitMs = QUEUE_WAIT_MS): Promise<CompileOutcome> {
  counters.jobs++;
  const { port1: startedListener, port2: started } = new MessageChannel();
  const controller = new AbortController();
  let running = false;
  let startedAt = 0;
  let timer = setTimeout(() => controller.abort(new Error("queue wait")), queueWaitMs);
  startedListener.once("message", () => {
    running = true;
    startedAt = performance.now();
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error("deadline")), GUIDE_JOB_DEADLINE_MS);
  });
  let answer: GuideJobAnswer;
  try {
    answer = await guidePool().run({ source, started }, { transferList: [started], signal: controller.signal });
  } catch (error) {
    if (controller.signal.aborted && running) {
      counters.deadlines++;
      throw new DomainError("too_complex", TOO_COMPLEX_MESSAGE, { reason: "deadline", workedMs: Math.round(performance.now() - startedAt) });
    }
    if (isOutOfMemory(error)) {
      counters.outOfMemory++;
      throw new DomainError("too_complex", TOO_COMPLEX_MESSAGE, { reason: "memory" });
    }
    if (controller.signal.aborted || isQueueFull(error)) {
      counters.busy++;
      throw new DomainError("unavailable", BUSY_MESSAGE);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    startedListener.close();
  }
  switch (answer.kind) {
    case "done":
      return answer.outcome;
    case "too_complex":
      throw new DomainError("too_complex", TOO_COMPLEX_MESSAGE, { reason: "stack" });
    case "failed":
      onFailure(answer.reason);
      return { ok: false, problems: [{ line: 1, message: "The guide could not be turned into a page, although its text looked right. Nothing was saved; tell the team that looks after the site." }] };
  }
}

/** What a worker's process.env holds, by name (never values): the proof that secrets stay out. */
export async function workerEnvironmentNames(): Promise<string[]> {
  return (await guidePool().run({} as GuideJob, { name: "environmentNames" })) as unknown as string[];
}

/** For tests and metrics: what the pool has done since the process started. */
export function guideCompilerStats(): { jobs: number; deadlines: number; outOfMemory: number; busy: number; threads: number; queued: number } {
  return { ...counters, threads: pool?.threads.length ?? 0, queued: pool?.queueSize ?? 0 };
}

/** Stops every worker; the next job starts a new pool. */
export async function closeGuideCompiler(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.destroy();
}
