import { sql } from "kysely";
import type { DatabaseHandle } from "../../db/connection";
import { expect, test } from "./fixtures";

const VIEWS = 10_000;
const CONCURRENCY = 16;

async function rowCounts(database: DatabaseHandle): Promise<Record<string, number>> {
  const tables = (await database.db.introspection.getTables()).map((table) => table.name).filter((name) => !name.startsWith("kysely_"));
  const counts: Record<string, number> = {};
  for (const table of tables) {
    // Names come from the database's own catalogue; identifiers cannot be bound as parameters.
    const result = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(database.db);
    counts[table] = Number(result.rows[0]?.n);
  }
  return counts;
}

/**
 * Nothing a visitor can do without sending a form may grow the database: page views of every
 * public page (and of a protected one, which redirects) write no row to any table. The first
 * row a visitor can cause is written by the rate-limited POST that issues passkey options.
 */
test("10,000 anonymous page views add no rows to any table", async ({ database, baseURL }, testInfo) => {
  test.setTimeout(10 * 60_000);
  const guide = (await database.db.selectFrom("guides").select("slug").orderBy("slug").executeTakeFirstOrThrow()).slug;
  const pages = ["/", "/sign-in", "/sign-in?returnTo=%2Faccounts", "/enrol", "/security/guides", `/security/guides/${guide}`, "/accounts", "/no-such-page", "/sign-in.data", "/enrol.data"];
  const before = await rowCounts(database);
  expect(Object.keys(before)).toEqual(expect.arrayContaining(["sessions", "webauthn_challenges", "audit_log", "rate_limits"]));

  const statuses = new Map<string, Set<number>>();
  let sessionCookies = 0;
  let next = 0;
  const started = Date.now();
  async function worker() {
    while (next < VIEWS) {
      const path = pages[next++ % pages.length] as string;
      const response = await fetch(`${baseURL}${path}`, { redirect: "manual", headers: { "Sec-Fetch-Site": "none", "User-Agent": "anonymous-views" } });
      await response.arrayBuffer();
      if (response.headers.getSetCookie().some((cookie) => cookie.startsWith("__Host-strongroom="))) sessionCookies += 1;
      statuses.set(path, (statuses.get(path) ?? new Set()).add(response.status));
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (Date.now() - started) / 1000;
  testInfo.annotations.push({ type: "measured", description: `${VIEWS} anonymous page views in ${seconds.toFixed(1)} s (${Math.round(VIEWS / seconds)}/s, ${CONCURRENCY} at a time)` });

  expect(Object.fromEntries([...statuses].map(([path, codes]) => [path, [...codes]]))).toEqual({
    "/": [200],
    "/sign-in": [200],
    "/sign-in?returnTo=%2Faccounts": [200],
    "/enrol": [200],
    "/security/guides": [200],
    [`/security/guides/${guide}`]: [200],
    "/accounts": [302],
    "/no-such-page": [404],
    "/sign-in.data": [200],
    "/enrol.data": [200],
  });
  expect(sessionCookies).toBe(0);
  expect(await rowCounts(database)).toEqual(before);
});
