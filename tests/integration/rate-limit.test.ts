import { resetClock, setClock } from "../../app/clock.server";
import { hitRateLimit, resetRateLimit } from "../../app/rate-limit/rate-limit.server";
import { testEngines, useFreshDatabase } from "../support/test-database";

describe.each(testEngines())("rate limits on %s", (engine) => {
  useFreshDatabase(engine);
  afterEach(() => resetClock());

  it("allows up to the limit, then refuses with a retry time", async () => {
    const rule = { limit: 3, windowMs: 60_000 };
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await hitRateLimit("sign-in:ip:1", rule));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]?.retryAfterSeconds).toBeGreaterThan(0);
    expect(results[3]?.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("starts a new window once the old one has passed", async () => {
    const start = new Date("2026-11-24T10:00:00.000Z");
    setClock(() => start);
    const rule = { limit: 1, windowMs: 60_000 };
    expect((await hitRateLimit("window", rule)).allowed).toBe(true);
    expect((await hitRateLimit("window", rule)).allowed).toBe(false);
    setClock(() => new Date(start.getTime() + 61_000));
    expect((await hitRateLimit("window", rule)).allowed).toBe(true);
  });

  it("resets on demand", async () => {
    const rule = { limit: 1, windowMs: 60_000 };
    await hitRateLimit("reset-me", rule);
    expect((await hitRateLimit("reset-me", rule)).allowed).toBe(false);
    await resetRateLimit("reset-me");
    expect((await hitRateLimit("reset-me", rule)).allowed).toBe(true);
  });

  it("counts concurrent hits exactly (shared by every instance)", async () => {
    const rule = { limit: 10, windowMs: 60_000 };
    const results = await Promise.all(Array.from({ length: 40 }, () => hitRateLimit("burst", rule)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(Math.max(...results.map((r) => r.count))).toBe(40);
  });
});
