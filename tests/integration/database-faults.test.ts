import crypto from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "kysely";
import { enforceRoutePolicies } from "../../app/access/enforce-route-policies.server";
import { routePolicies } from "../../app/access/route-policies";
import { signNetworkRequest } from "../../app/authorization/network-signature.server";
import { databaseReady, READY_DEADLINE_MS, setAppDatabase } from "../../app/db.server";
import { db } from "../../app/db.server";
import * as accountsRoute from "../../app/routes/accounts._index";
import * as controlsRoute from "../../app/routes/cards.$cardId_.controls";
import * as apiRoute from "../../app/routes/api.v1.authorizations";
import { openDatabase, POSTGRES_TIMEOUTS, SQLITE_BUSY_TIMEOUT_MS } from "../../db/connection";
import { openSqliteFile } from "../../db/sqlite-encryption";
import { customerWithCard } from "../support/banking-fixtures";
import { getRequest, postRequest, signIn, type Signed } from "../support/card-activity";
import { requestContext } from "../support/request-context";
import { BlackHoleProxy } from "../support/tcp-proxy";
import { TEST_SECRETS, TEST_SQLITE_KEY } from "../support/test-env";
import { testEngines, useFreshDatabase } from "../support/test-database";

const [CLIENT_ID, SECRET] = TEST_SECRETS.NETWORK_CLIENT_KEYS.split(":") as [string, string];

// The real routes behind the real policy wrapper, which turns a database outage into 503.
const build = enforceRoutePolicies(
  {
    routes: {
      "routes/api.v1.authorizations": { id: "routes/api.v1.authorizations", path: "api/v1/authorizations", module: apiRoute },
      "routes/accounts._index": { id: "routes/accounts._index", path: "accounts", module: accountsRoute },
      "routes/cards.$cardId_.controls": { id: "routes/cards.$cardId_.controls", path: "cards/:cardId/controls", module: controlsRoute },
    },
  } as unknown as ServerBuild,
  routePolicies,
  { production: true, log: () => undefined },
);

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  try {
    const result = await run();
    return { status: result instanceof Response ? result.status : 200, ms: Date.now() - started };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, ms: Date.now() - started };
    throw thrown;
  }
}

function pay(token: string) {
  const body = JSON.stringify({ card_token: token, amount_minor: 1_00 + crypto.randomInt(10_000), currency: "GBP", mcc: "5411", country: "GB", channel: "in_store", merchant: { id: "m-grocer", name: "Corner Grocer" } });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const request = new Request("http://localhost:3000/api/v1/authorizations", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Client-Id": CLIENT_ID, "X-Timestamp": timestamp, "X-Signature": signNetworkRequest(SECRET, timestamp, body), "Idempotency-Key": crypto.randomUUID() },
    body,
  });
  return outcome(() => (build.routes["routes/api.v1.authorizations"]!.module.action as (args: unknown) => Promise<unknown>)({ request, context: requestContext(), params: {} }));
}

function accountsPage(who: Signed) {
  return outcome(() => (build.routes["routes/accounts._index"]!.module.loader as (args: unknown) => Promise<unknown>)({ request: getRequest(who, "/accounts"), context: requestContext(), params: {} }));
}

function freeze(who: Signed, cardId: string) {
  return outcome(() =>
    (build.routes["routes/cards.$cardId_.controls"]!.module.action as (args: unknown) => Promise<unknown>)({
      request: postRequest(who, `/cards/${cardId}/controls`, { intent: "freeze" }),
      context: requestContext(),
      params: { cardId },
    }),
  );
}

/** What a payment or a freeze writes: if a refused request left any of it, it half-happened. */
async function written(cardId: string) {
  const count = async (table: "authorizations" | "audit_log") => Number((await db().selectFrom(table).select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow()).n);
  const card = await db().selectFrom("cards").select("status").where("id", "=", cardId).executeTakeFirstOrThrow();
  return { authorizations: await count("authorizations"), audit: await count("audit_log"), status: card.status };
}

async function timedReady(): Promise<{ ready: boolean; ms: number }> {
  const started = Date.now();
  const ready = await databaseReady();
  return { ready, ms: Date.now() - started };
}

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not recovered within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.each(testEngines())("database faults on %s", (engine) => {
  const fresh = useFreshDatabase(engine);

  it("runs every connection with bounded waits (and durable commits on SQLite)", async () => {
    // A handle as the server opens it, with the production values.
    const production = openDatabase(fresh.current().url, { poolSize: 1, key: TEST_SQLITE_KEY });
    try {
      if (engine === "postgres") {
        const show = async (setting: string) => (await sql<Record<string, string>>`select current_setting(${setting}) as value`.execute(production.db)).rows[0]?.value;
        expect(await show("statement_timeout")).toBe(`${POSTGRES_TIMEOUTS.statementMs / 1000}s`);
        expect(await show("lock_timeout")).toBe(`${POSTGRES_TIMEOUTS.lockMs / 1000}s`);
        expect(await show("idle_in_transaction_session_timeout")).toBe(`${POSTGRES_TIMEOUTS.idleInTransactionMs / 1000}s`);
      } else {
        const first = (rows: Record<string, number>[]) => Object.values(rows[0] ?? {})[0];
        // 2 = FULL: each commit is on the disk before the payment's answer leaves.
        expect(first((await sql<Record<string, number>>`pragma synchronous`.execute(production.db)).rows)).toBe(2);
        expect(first((await sql<Record<string, number>>`pragma busy_timeout`.execute(production.db)).rows)).toBe(SQLITE_BUSY_TIMEOUT_MS);
      }
    } finally {
      await production.close();
    }
  });

  if (engine === "postgres") {
    it("prepares data statements per connection unless told not to (a pooler in transaction mode)", async () => {
      const preparedAfterOneQuery = async (preparedStatements: boolean) => {
        const handle = openDatabase(fresh.current().url, { poolSize: 1, preparedStatements });
        try {
          await handle.db.selectFrom("users").select(["id"]).where("email_bidx", "=", "nobody").execute();
          const rows = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(handle.db);
          return rows.rows.map((row) => row.name);
        } finally {
          await handle.close();
        }
      };
      expect((await preparedAfterOneQuery(true)).length).toBeGreaterThan(0);
      expect(await preparedAfterOneQuery(false)).toEqual([]);
    });

    /** The app's database, reached through a proxy the test can silence or stop. */
    async function appDatabaseThroughProxy() {
      const direct = new URL(fresh.current().url);
      const proxy = new BlackHoleProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      const viaProxy = new URL(direct);
      viaProxy.host = `127.0.0.1:${await proxy.listen()}`;
      const proxied = openDatabase(viaProxy.toString(), { poolSize: 5 });
      setAppDatabase(proxied);
      return { proxy, proxied };
    }

    it("answers 503 within seconds when the network to PostgreSQL goes silent, and recovers by itself", async () => {
      const { proxy, proxied } = await appDatabaseThroughProxy();
      try {
        const { token, userId } = await customerWithCard();
        const who = await signIn(userId);
        expect((await pay(token)).status).toBe(200);
        expect(await timedReady()).toMatchObject({ ready: true });

        proxy.blackHole();
        const probe = await timedReady();
        expect(probe.ready).toBe(false);
        expect(probe.ms).toBeLessThan(2_000);
        const answers = await Promise.all([pay(token), pay(token), pay(token), accountsPage(who)]);
        expect(answers.map((answer) => answer.status)).toEqual([503, 503, 503, 503]);
        // The slowest wait is a statement already sent on an open connection (queryMs); one
        // that needs a new connection gives up at connectMs.
        for (const answer of answers) expect(answer.ms).toBeLessThan(POSTGRES_TIMEOUTS.queryMs + POSTGRES_TIMEOUTS.connectMs + 1_000);
        const again = await timedReady();
        expect(again.ready).toBe(false);
        expect(again.ms).toBeLessThanOrEqual(READY_DEADLINE_MS + 300);

        proxy.restore();
        await eventually(databaseReady, 15_000);
        expect((await pay(token)).status).toBe(200);
        expect((await accountsPage(who)).status).toBe(200);
      } finally {
        setAppDatabase(fresh.current().handle);
        proxy.restore();
        await proxied.close();
        await proxy.close();
      }
    }, 60_000);

    it("answers 503, never 500, while PostgreSQL is stopped, even for payments in flight, and recovers by itself", async () => {
      const { proxy, proxied } = await appDatabaseThroughProxy();
      try {
        const { token, userId, cardId } = await customerWithCard();
        const who = await signIn(userId);
        expect((await pay(token)).status).toBe(200);

        // Stopped while payments are on the wire: connections drop, new ones are refused.
        const inFlight = Array.from({ length: 60 }, () => pay(token));
        await new Promise((resolve) => setTimeout(resolve, 15));
        await proxy.stop();
        const during = await Promise.all([...inFlight, pay(token), pay(token), accountsPage(who), freeze(who, cardId)]);
        const statuses = during.map((answer) => answer.status);
        expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
        expect(statuses.slice(-4)).toEqual([503, 503, 503, 503]);
        for (const answer of during) expect(answer.ms).toBeLessThan(POSTGRES_TIMEOUTS.queryMs + POSTGRES_TIMEOUTS.connectMs + 1_000);

        await proxy.start();
        await eventually(databaseReady, 15_000);
        expect((await pay(token)).status).toBe(200);
        // The freeze refused while the database was down changed nothing.
        expect((await db().selectFrom("cards").select("status").where("id", "=", cardId).executeTakeFirstOrThrow()).status).toBe("active");
      } finally {
        setAppDatabase(fresh.current().handle);
        await proxy.start();
        await proxied.close();
        await proxy.close();
      }
    }, 60_000);
  } else {
    it("answers 503 when the disk is full, writes nothing half-way, keeps the file sound, and recovers when space returns", async () => {
      const { token, userId, cardId } = await customerWithCard();
      const who = await signIn(userId);
      expect((await pay(token)).status).toBe(200);
      const pages = Number(Object.values((await sql<Record<string, number>>`pragma page_count`.execute(db())).rows[0] ?? {})[0]);
      // The database may not grow past the pages it has: what a full disk looks like to SQLite (SQLITE_FULL).
      await sql`pragma max_page_count = ${sql.lit(pages)}`.execute(db());
      try {
        let full: { status: number } | null = null;
        for (let attempt = 0; attempt < 200 && !full; attempt += 1) {
          const before = await written(cardId);
          const answer = await pay(token);
          expect([200, 503]).toContain(answer.status);
          if (answer.status === 503) {
            full = answer;
            // Nothing of the refused payment was kept: no authorization, no audit row.
            expect(await written(cardId)).toEqual(before);
          }
        }
        expect(full).not.toBeNull();
      } finally {
        await sql`pragma max_page_count = ${sql.lit(1_073_741_823)}`.execute(db());
      }
      expect(Object.values((await sql<Record<string, string>>`pragma integrity_check`.execute(db())).rows[0] ?? {})[0]).toBe("ok");
      expect((await pay(token)).status).toBe(200);
      expect((await freeze(who, cardId)).status).toBe(302);
      expect((await written(cardId)).status).toBe("frozen");
    }, 60_000);

    it("answers 503 within the busy timeout while another process holds the write lock, and recovers when it lets go", async () => {
      const { token } = await customerWithCard();
      // Another process's connection, as a command would open it.
      const holder = openSqliteFile(fresh.current().url.slice("file:".length), TEST_SQLITE_KEY, "refuse");
      holder.exec("begin immediate");
      try {
        const answer = await pay(token);
        expect(answer.status).toBe(503);
        expect(answer.ms).toBeGreaterThanOrEqual(SQLITE_BUSY_TIMEOUT_MS - 100);
        expect(answer.ms).toBeLessThan(SQLITE_BUSY_TIMEOUT_MS + 2_000);
        // Reading still works in WAL mode: the instance stays ready, only writes wait.
        expect(await timedReady()).toMatchObject({ ready: true });
      } finally {
        holder.exec("rollback");
        holder.close();
      }
      expect((await pay(token)).status).toBe(200);
    }, 30_000);
  }
});
