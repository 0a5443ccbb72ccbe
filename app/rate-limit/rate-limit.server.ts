import { now } from "~/clock.server";
import { db } from "~/db.server";

export interface RateLimitRule {
  /** how many hits a window allows */
  limit: number;
  windowMs: number;
}

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter kept in the database so every app instance shares it.
 * One upsert statement both resets an expired window and counts the hit, so two
 * instances hitting the same key cannot both slip under the limit.
 */
export async function hitRateLimit(key: string, rule: RateLimitRule): Promise<RateLimitResult> {
  const at = now();
  const nowIso = at.toISOString();
  const expiredBefore = new Date(at.getTime() - rule.windowMs).toISOString();
  const row = await db()
    .insertInto("rate_limits")
    .values({ key, window_start: nowIso, count: 1 })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet((eb) => ({
        count: eb
          .case()
          .when("rate_limits.window_start", "<=", expiredBefore)
          .then(1)
          .else(eb("rate_limits.count", "+", 1))
          .end(),
        window_start: eb
          .case()
          .when("rate_limits.window_start", "<=", expiredBefore)
          .then(nowIso)
          .else(eb.ref("rate_limits.window_start"))
          .end(),
      })),
    )
    .returning(["count", "window_start"])
    .executeTakeFirstOrThrow();
  const windowEnds = new Date(row.window_start).getTime() + rule.windowMs;
  return {
    allowed: row.count <= rule.limit,
    count: row.count,
    retryAfterSeconds: Math.max(1, Math.ceil((windowEnds - at.getTime()) / 1000)),
  };
}

/**
 * Whether the next hit would still be allowed, without counting one: for limits that count
 * only failures, checked before the attempt and hit only when it fails.
 */
export async function peekRateLimit(key: string, rule: RateLimitRule): Promise<RateLimitResult> {
  const at = now();
  const row = await db().selectFrom("rate_limits").select(["count", "window_start"]).where("key", "=", key).executeTakeFirst();
  const windowStart = row ? new Date(row.window_start).getTime() : 0;
  if (!row || windowStart <= at.getTime() - rule.windowMs) return { allowed: true, count: 0, retryAfterSeconds: 0 };
  return {
    allowed: row.count < rule.limit,
    count: row.count,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart + rule.windowMs - at.getTime()) / 1000)),
  };
}

export async function resetRateLimit(key: string): Promise<void> {
  await db().deleteFrom("rate_limits").where("key", "=", key).execute();
}
