import { RETENTION_POLICY, selectRetained, type BackupEntry } from "./backup-retention.server";

const DAY = 86_400_000;

/** Runs a backup every day at `hour` UTC for `days`, pruning after each one as the cron job would. */
function simulate(start: Date, days: number, options: { skip?: (d: Date) => boolean; extraPerDay?: boolean } = {}) {
  let stored: BackupEntry[] = [];
  const everTaken: BackupEntry[] = [];
  for (let i = 0; i < days; i += 1) {
    const clock = new Date(start.getTime() + i * DAY);
    if (options.skip?.(clock)) continue;
    const taken = [{ name: `b-${clock.toISOString()}`, createdAt: clock }];
    if (options.extraPerDay) taken.push({ name: `b-${new Date(clock.getTime() + 3_600_000).toISOString()}`, createdAt: new Date(clock.getTime() + 3_600_000) });
    stored.push(...taken);
    everTaken.push(...taken);
    const now = new Date(clock.getTime() + 2 * 3_600_000);
    const { remove } = selectRetained(stored, now);
    stored = stored.filter((backup) => !remove.includes(backup.name));
  }
  return { stored, everTaken };
}

/** The policy written out a second, independent way, over every backup ever taken. */
function expectedSet(everTaken: BackupEntry[]) {
  const newestOf = (key: (b: BackupEntry) => string, subset: BackupEntry[], n: number) => {
    const groups = new Map<string, BackupEntry>();
    for (const b of [...subset].sort((a, c) => a.createdAt.getTime() - c.createdAt.getTime())) groups.set(key(b), b);
    return [...groups.keys()].sort().reverse().slice(0, n).map((k) => groups.get(k)!.name);
  };
  const daily = newestOf((b) => b.createdAt.toISOString().slice(0, 10), everTaken, 90);
  const mondays = newestOf((b) => b.createdAt.toISOString().slice(0, 10), everTaken.filter((b) => b.createdAt.getUTCDay() === 1), 52);
  const monthly = newestOf((b) => b.createdAt.toISOString().slice(0, 7), everTaken, 36);
  return { daily, mondays, monthly, all: new Set([...daily, ...mondays, ...monthly]) };
}

describe("backup retention (90 daily, 52 Mondays, 36 months)", () => {
  it("keeps exactly the policy's set after three simulated years of nightly backups", () => {
    const { stored, everTaken } = simulate(new Date("2026-01-01T02:00:00Z"), 3 * 365 + 40);
    const expected = expectedSet(everTaken);
    expect(expected.daily).toHaveLength(RETENTION_POLICY.daily);
    expect(expected.mondays).toHaveLength(RETENTION_POLICY.mondays);
    expect(expected.monthly).toHaveLength(RETENTION_POLICY.monthly);
    expect(new Set(stored.map((b) => b.name))).toEqual(expected.all);

    // The shape in dates: the newest 90 days, every Monday for a year, one a month for three.
    const newest = everTaken.at(-1)!.createdAt;
    const kept = stored.map((b) => b.createdAt);
    const within = (from: number, to: number) => kept.filter((d) => newest.getTime() - d.getTime() >= from * DAY && newest.getTime() - d.getTime() < to * DAY);
    expect(within(0, 90)).toHaveLength(90);
    expect(within(90, 364).every((d) => d.getUTCDay() === 1 || isLastOfMonth(d))).toBe(true);
    expect(within(364, 36 * 31).every(isLastOfMonth)).toBe(true);
    expect(within(36 * 31, 10_000)).toEqual([]);
    expect(stored).toHaveLength(expected.all.size);
  });

  it("reaches further back, never keeps fewer, when nights were missed", () => {
    // A fortnight of outage in the last 90 days, and every Sunday skipped throughout.
    const start = new Date("2026-01-01T02:00:00Z");
    const outageFrom = new Date(start.getTime() + (3 * 365 - 30) * DAY);
    const { stored, everTaken } = simulate(start, 3 * 365, { skip: (d) => d.getUTCDay() === 0 || (d >= outageFrom && d.getTime() < outageFrom.getTime() + 14 * DAY) });
    const expected = expectedSet(everTaken);
    expect(new Set(stored.map((b) => b.name))).toEqual(expected.all);
    expect(stored.filter((b) => expected.daily.includes(b.name))).toHaveLength(90);
  });

  it("keeps one per day when a day has several, the newest", () => {
    const { stored, everTaken } = simulate(new Date("2026-03-01T02:00:00Z"), 120, { extraPerDay: true });
    expect(new Set(stored.map((b) => b.name))).toEqual(expectedSet(everTaken).all);
    expect(stored.every((b) => b.createdAt.getUTCHours() === 3)).toBe(true);
  });

  it("never deletes a backup dated after the clock", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const decision = selectRetained([{ name: "future", createdAt: new Date("2027-01-01T00:00:00Z") }, { name: "today", createdAt: new Date("2026-05-31T23:00:00Z") }], now);
    expect(decision.remove).toEqual([]);
    expect(decision.keep.get("future")).toEqual(["future"]);
    expect(decision.keep.get("today")).toEqual(["daily", "monthly"]);
  });
});

function isLastOfMonth(d: Date): boolean {
  return new Date(d.getTime() + DAY).getUTCMonth() !== d.getUTCMonth();
}
