/**
 * The customer's policy: a backup for every day for 90 days, every Monday for a year (52),
 * every month for three years (36). Days, Mondays and months are UTC calendar units.
 *
 * Each rule keeps the newest backup of each of its N most recent units that have a backup
 * (the way restic's --keep-daily/--keep-monthly count): a week without backups never shortens
 * what is kept, it only reaches further back. A backup kept by any rule stays.
 */
export const RETENTION_POLICY = { daily: 90, mondays: 52, monthly: 36 } as const;

export interface BackupEntry {
  name: string;
  createdAt: Date;
}

export type RetentionRule = "daily" | "monday" | "monthly" | "future";

export interface RetentionDecision {
  keep: Map<string, RetentionRule[]>;
  remove: string[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const month = (d: Date) => d.toISOString().slice(0, 7);

function newestPerUnit(backups: BackupEntry[], unit: (d: Date) => string, count: number): string[] {
  const chosen = new Map<string, BackupEntry>();
  for (const backup of backups) {
    const key = unit(backup.createdAt);
    const current = chosen.get(key);
    if (!current || backup.createdAt > current.createdAt || (backup.createdAt.getTime() === current.createdAt.getTime() && backup.name > current.name)) chosen.set(key, backup);
  }
  return [...chosen.entries()]
    .sort(([a], [b]) => (a < b ? 1 : -1))
    .slice(0, count)
    .map(([, backup]) => backup.name);
}

/** Pure: which backups the policy keeps at `now`, and why; the rest may be deleted. */
export function selectRetained(backups: BackupEntry[], now: Date, policy: { daily: number; mondays: number; monthly: number } = RETENTION_POLICY): RetentionDecision {
  const keep = new Map<string, RetentionRule[]>();
  const mark = (name: string, rule: RetentionRule) => keep.set(name, [...(keep.get(name) ?? []), rule]);
  // A backup dated after the clock is not understood (clock skew, a copy from elsewhere): kept, never counted.
  const past = backups.filter((backup) => backup.createdAt <= now);
  for (const backup of backups) if (backup.createdAt > now) mark(backup.name, "future");
  for (const name of newestPerUnit(past, day, policy.daily)) mark(name, "daily");
  for (const name of newestPerUnit(past.filter((backup) => backup.createdAt.getUTCDay() === 1), day, policy.mondays)) mark(name, "monday");
  for (const name of newestPerUnit(past, month, policy.monthly)) mark(name, "monthly");
  return { keep, remove: backups.filter((backup) => !keep.has(backup.name)).map((backup) => backup.name) };
}
