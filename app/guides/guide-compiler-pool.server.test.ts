import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { DomainError } from "~/errors/domain-error";
import { PATHOLOGICAL_GUIDES } from "../../tests/support/pathological-guides";
import { closeGuideCompiler, compileInWorker, GUIDE_JOB_DEADLINE_MS, guideCompilerStats, TOO_COMPLEX_MESSAGE, workerEnvironmentNames } from "./guide-compiler-pool.server";

const GUIDE = readFileSync(new URL("../../content/guides/recognising-phishing.mdx", import.meta.url), "utf8");
/**
 * A worker killed at its deadline is replaced by one that imports the pipeline through tsx and
 * warms it up before it takes a job: tens of seconds on a busy machine. This test is about the
 * deadline, so its jobs may wait that long for a worker.
 */
const QUEUE_WAIT_MS = 120_000;

async function outcomeOf(source: string): Promise<{ ms: number; result: "accepted" | "refused" | "too_complex"; workedMs?: number }> {
  const started = performance.now();
  try {
    const outcome = await compileInWorker(source, undefined, QUEUE_WAIT_MS);
    return { ms: performance.now() - started, result: outcome.ok ? "accepted" : "refused" };
  } catch (error) {
    if (error instanceof DomainError && error.code === "too_complex") {
      expect(error.message).toBe(TOO_COMPLEX_MESSAGE);
      return { ms: performance.now() - started, result: "too_complex", workedMs: Number(error.detail.workedMs ?? 0) };
    }
    throw error;
  }
}

describe("the guide compiler's worker pool", () => {
  afterAll(async () => {
    await closeGuideCompiler();
  });

  it("compiles a guide off this thread into the tree customers get", async () => {
    const outcome = await compileInWorker(GUIDE, undefined, QUEUE_WAIT_MS);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.render.frontmatter.category).toBe("phishing");
    expect(outcome.render.tree.length).toBeGreaterThan(3);
    expect(outcome.render.text).toContain("phishing");
  }, 150_000);

  it("returns validation problems as data", async () => {
    const outcome = await compileInWorker(GUIDE.replace(/\n---\n\n/, "\n---\n\nimport fs from 'node:fs'\n\n"));
    expect(outcome).toEqual({ ok: false, problems: [expect.objectContaining({ line: 9 })] });
  }, 60_000);

  it("gives the isolate that evaluates compiled guides no environment beyond NODE_ENV", async () => {
    process.env.STRONGROOM_TEST_CANARY = "must not reach a worker";
    try {
      expect(await workerEnvironmentNames()).toEqual(["NODE_ENV"]);
    } finally {
      delete process.env.STRONGROOM_TEST_CANARY;
    }
  }, 60_000);

  it("refuses or accepts every pathological guide within the deadline, run in parallel, while this thread stays responsive", async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const entries = Object.entries(PATHOLOGICAL_GUIDES);
    const results = await Promise.all(entries.map(async ([name, source]) => ({ name, ...(await outcomeOf(source)) })));
    delay.disable();
    for (const result of results) {
      // No worker works on a guide past the deadline; waiting for a free or fresh worker is extra.
      if (result.workedMs !== undefined) expect(result.workedMs, result.name).toBeLessThan(GUIDE_JOB_DEADLINE_MS + 1_000);
      expect(result.ms, result.name).toBeLessThan(QUEUE_WAIT_MS + GUIDE_JOB_DEADLINE_MS);
    }
    // Four jobs that each would take 7 s to minutes in process, and the event loop never waited half a second.
    expect(delay.max / 1e6).toBeLessThan(500);
    expect(guideCompilerStats().deadlines).toBeGreaterThan(0);
  }, 300_000);

  it("keeps working after it has killed workers at their deadline", async () => {
    const outcome = await compileInWorker(GUIDE, undefined, QUEUE_WAIT_MS);
    expect(outcome.ok).toBe(true);
    expect(guideCompilerStats().threads).toBeGreaterThan(0);
  }, 150_000);
});
