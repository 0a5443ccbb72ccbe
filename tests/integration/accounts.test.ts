import crypto from "node:crypto";
import { sql } from "kysely";
import { findAccount, listAccounts } from "../../app/accounts/accounts.server";
import { parseTransactionFilters, type TransactionFilters } from "../../app/accounts/transaction-filters";
import { spendingByCategory } from "../../app/accounts/spending.server";
import { listPendingPayments, listTransactions, transactionsCsv } from "../../app/accounts/transactions.server";
import { cardPage, listCards } from "../../app/cards/cards.server";
import { resetClock, setClock } from "../../app/clock.server";
import { parseCardSettings } from "../../app/controls/card-settings";
import { db } from "../../app/db.server";
import { planCustomerRows } from "../../app/demo/demo-banking.server";
import { seedDemoData } from "../../app/demo/demo-seed.server";
import { customerWithCard } from "../support/banking-fixtures";
import { insertAuthorization } from "../support/card-activity";
import { testEngines, useFreshDatabase } from "../support/test-database";

const NO_FILTERS: TransactionFilters = { from: null, to: null, minMinor: null, maxMinor: null, q: null, page: 1 };
const DAY = 86_400_000;

/** 120 transactions, one a day back from 2026-11-20, amounts 1.00 … 120.00, alternating in and out. */
async function accountWithHistory() {
  const owner = await customerWithCard();
  const rows = Array.from({ length: 120 }, (_, index) => ({
    id: crypto.randomUUID(),
    account_id: owner.accountId,
    card_id: owner.cardId,
    posted_at: new Date(Date.parse("2026-11-20T12:00:00.000Z") - index * DAY).toISOString(),
    description: `CARD PAYMENT ${index}`,
    merchant_name: index % 10 === 0 ? "Tesco" : "Corner Shop",
    mcc: "5411",
    country: "GB",
    channel: "in_store",
    amount_minor: (index + 1) * 100 * (index % 2 === 0 ? -1 : 1),
    currency: "GBP",
    original_amount_minor: null,
    original_currency: null,
  }));
  await db().insertInto("transactions").values(rows).execute();
  return owner;
}

describe.each(testEngines())("accounts and transactions on %s", (engine) => {
  useFreshDatabase(engine);

  it("seeds each demo customer three accounts, cards with stable tokens and six months of history", async () => {
    setClock(() => new Date("2026-11-24T12:00:00.000Z"));
    try {
      const seeded = await seedDemoData();
      const alice = seeded.find((person) => person.email === "alice@example.com")!;
      const ben = seeded.find((person) => person.email === "ben@example.com")!;
      const accounts = await listAccounts(alice.userId);
      expect(accounts.map((account) => account.kind)).toEqual(["current", "savings", "credit_card"]);
      expect(accounts.every((account) => account.currency === "GBP" && Number.isInteger(account.balanceMinor) && account.balanceMinor !== 0)).toBe(true);
      expect(accounts[0]!.balanceMinor).toBeGreaterThan(0);
      expect(accounts[2]!.creditLimitMinor).toBeGreaterThan(0);
      const cards = await listCards(alice.userId);
      expect(cards.length).toBe(3);
      expect(cards[0]).toMatchObject({ name: "Everyday debit", status: "active" });
      const everyday = await db().selectFrom("cards").selectAll().where("token", "=", "tok_alice_everyday").executeTakeFirstOrThrow();
      expect(everyday.customer_id).toBe(alice.userId);
      expect(parseCardSettings(everyday.settings).travel.homeCountry).toBe("GB");
      expect(JSON.parse(everyday.known_countries)).toEqual(expect.arrayContaining(["GB", "ES", "FR"]));
      expect(everyday.usual_amount_minor).toBeGreaterThan(0);
      expect(everyday.history_count).toBeGreaterThan(50);
      const benCards = await listCards(ben.userId);
      expect(benCards.length).toBeGreaterThanOrEqual(2);
      expect((await db().selectFrom("cards").select("customer_id").where("token", "=", "tok_ben_everyday").executeTakeFirstOrThrow()).customer_id).toBe(ben.userId);
      const other = await db().selectFrom("cards").select("token").where("customer_id", "=", alice.userId).where("token", "!=", "tok_alice_everyday").execute();
      for (const card of other) expect(card.token).toMatch(/^tok_[0-9a-f]{24}$/);

      const range = await db()
        .selectFrom("transactions")
        .innerJoin("accounts", "accounts.id", "transactions.account_id")
        .select([sql<string>`min(posted_at)`.as("first"), sql<string>`max(posted_at)`.as("last"), sql<number>`count(*)`.as("n")])
        .where("accounts.customer_id", "=", alice.userId)
        .executeTakeFirstOrThrow();
      expect(Number(range.n)).toBeGreaterThan(200);
      expect(Number(range.n)).toBeLessThan(2_000);
      expect(range.last < "2026-11-24T12:00:00.000Z").toBe(true);
      expect(range.first < "2026-06-01").toBe(true);
      const abroad = await db().selectFrom("transactions").select(["original_currency"]).where("account_id", "in", accounts.map((a) => a.id)).where("original_currency", "is not", null).execute();
      expect(new Set(abroad.map((row) => row.original_currency))).toEqual(new Set(["EUR", "CHF"]));
    } finally {
      resetClock();
    }
  });

  it("the card page's used-so-far and recent payments agree with the account's posted card payments", async () => {
    // The demo data the first test seeded at this time (one database per file).
    const seedTime = new Date("2026-11-24T12:00:00.000Z");
    setClock(() => seedTime);
    try {
      const card = await db().selectFrom("cards").select(["id", "customer_id", "account_id"]).where("token", "=", "tok_alice_everyday").executeTakeFirstOrThrow();
      const posted = await db()
        .selectFrom("transactions")
        .select(["merchant_name", "amount_minor", "posted_at"])
        .where("card_id", "=", card.id)
        .orderBy("posted_at", "desc")
        .execute();
      const todayMinor = posted.filter((row) => row.posted_at >= "2026-11-24").reduce((sum, row) => sum - Number(row.amount_minor), 0);
      const monthMinor = posted.filter((row) => row.posted_at >= "2026-11-01").reduce((sum, row) => sum - Number(row.amount_minor), 0);
      expect(monthMinor).toBeGreaterThan(0);
      const page = (await cardPage(card.customer_id, card.id, seedTime))!;
      expect(page.limits.find((limit) => limit.key === "daily")!.usedMinor).toBe(todayMinor);
      expect(page.limits.find((limit) => limit.key === "monthly")!.usedMinor).toBe(monthMinor);
      expect(page.authorizations.map((payment) => [payment.merchantName, -payment.amountMinor, payment.posted])).toEqual(
        posted.slice(0, page.authorizations.length).map((row) => [row.merchant_name, Number(row.amount_minor), true]),
      );
      // Every seeded hold is settled, so nothing is pending and available equals the balance.
      expect(await listPendingPayments(card.customer_id, card.account_id, NO_FILTERS)).toEqual([]);
    } finally {
      resetClock();
    }
  });

  it("seeds the same history for the same seed time", () => {
    const at = new Date("2026-11-24T12:00:00.000Z");
    const strip = (rows: ReturnType<typeof planCustomerRows>) =>
      rows!.transactions.map(({ id: _id, account_id: _account, card_id: _card, ...rest }) => rest);
    expect(strip(planCustomerRows({ email: "ben@example.com", userId: "a" }, at))).toEqual(strip(planCustomerRows({ email: "ben@example.com", userId: "b" }, at)));
  });

  it("lists only the customer's own accounts, and finds another customer's account as nothing", async () => {
    const mine = await customerWithCard();
    const theirs = await customerWithCard();
    expect((await listAccounts(mine.userId)).map((account) => account.id)).toEqual([mine.accountId]);
    expect(await findAccount(mine.userId, theirs.accountId)).toBeNull();
    expect(await findAccount(mine.userId, mine.accountId)).not.toBeNull();
  });

  it("pages 50 at a time, newest first", async () => {
    const owner = await accountWithHistory();
    const first = await listTransactions(owner.userId, owner.accountId, NO_FILTERS);
    expect(first).toMatchObject({ total: 120, page: 1, pageCount: 3 });
    expect(first.rows.length).toBe(50);
    expect(first.rows[0]!.description).toBe("CARD PAYMENT 0");
    const last = await listTransactions(owner.userId, owner.accountId, { ...NO_FILTERS, page: 3 });
    expect(last.rows.length).toBe(20);
    expect(last.rows.at(-1)!.description).toBe("CARD PAYMENT 119");
    // Past the end is the last page, never "Page 999 of 3" with nothing on it.
    for (const page of [4, 999]) expect(await listTransactions(owner.userId, owner.accountId, { ...NO_FILTERS, page })).toEqual(last);
  });

  it("filters by inclusive dates, by size in or out, and by text in description or merchant", async () => {
    const owner = await accountWithHistory();
    const list = (filters: Partial<TransactionFilters>) => listTransactions(owner.userId, owner.accountId, { ...NO_FILTERS, ...filters });
    const october = await list({ from: "2026-10-01", to: "2026-10-31" });
    expect(october.total).toBe(31);
    expect(october.rows.every((row) => row.postedAt.startsWith("2026-10"))).toBe(true);
    const sized = await list({ minMinor: 10_00, maxMinor: 12_00 });
    expect(sized.rows.map((row) => row.amountMinor).sort((a, b) => a - b)).toEqual([-11_00, 10_00, 12_00]);
    expect((await list({ q: "tesco" })).total).toBe(12);
    expect((await list({ q: "TESCO" })).total).toBe(12);
    expect((await list({ q: "payment 11" })).total).toBe(11);
    expect((await list({ q: "%" })).total).toBe(0);
    expect((await list({ q: "_" })).total).toBe(0);
    const parsed = parseTransactionFilters(new URLSearchParams("from=2026-11-01&min=5&q=corner"), "GBP");
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect((await listTransactions(owner.userId, owner.accountId, parsed.filters)).total).toBe(15);
  });

  it("never returns another customer's transactions, whatever the filters", async () => {
    const owner = await accountWithHistory();
    const other = await customerWithCard();
    expect((await listTransactions(other.userId, owner.accountId, NO_FILTERS)).total).toBe(0);
    expect(await transactionsCsv(other.userId, owner.accountId, "GBP", NO_FILTERS)).toBe("\uFEFFStatus,Date (UTC),Description,Merchant,Category,Country,Channel,Amount,Currency,Original amount,Original currency\r\n");
  });

  it("lists approved holds no transaction has settled as pending, first in the CSV, and only the owner's", async () => {
    const owner = await customerWithCard();
    const other = await customerWithCard();
    const at = "2026-11-28T09:30:00.000Z";
    await insertAuthorization(owner, { merchant_name: "Pending Bakery", amount_minor: 4_20, created_at: at });
    await insertAuthorization(owner, { merchant_name: "Settled Bakery", transaction_id: crypto.randomUUID() });
    await insertAuthorization(owner, { merchant_name: "Declined Bakery", outcome: "declined", reason: "category_blocked" });
    await insertAuthorization(other, { merchant_name: "Their Bakery" });
    await insertAuthorization(owner, { merchant_name: "Abroad Bakery", amount_minor: 8_60, original_amount_minor: 10_00, original_currency: "EUR", country: "FR", created_at: "2026-11-27T09:30:00.000Z" });

    const pending = await listPendingPayments(owner.userId, owner.accountId, NO_FILTERS);
    expect(pending.map((row) => [row.merchantName, row.amountMinor, row.originalAmountMinor, row.originalCurrency])).toEqual([
      ["Pending Bakery", -4_20, null, null],
      ["Abroad Bakery", -8_60, -10_00, "EUR"],
    ]);
    expect(pending[0]).toMatchObject({ authorizedAt: at, category: "Groceries", cardLast4: expect.stringMatching(/^\d{4}$/) });
    expect(await listPendingPayments(other.userId, owner.accountId, NO_FILTERS)).toEqual([]);
    expect((await listPendingPayments(owner.userId, owner.accountId, { ...NO_FILTERS, q: "abroad" })).map((row) => row.merchantName)).toEqual(["Abroad Bakery"]);
    expect((await listPendingPayments(owner.userId, owner.accountId, { ...NO_FILTERS, from: "2026-11-28" })).map((row) => row.merchantName)).toEqual(["Pending Bakery"]);
    expect((await listPendingPayments(owner.userId, owner.accountId, { ...NO_FILTERS, minMinor: 5_00 })).map((row) => row.merchantName)).toEqual(["Abroad Bakery"]);

    const lines = (await transactionsCsv(owner.userId, owner.accountId, "GBP", NO_FILTERS)).slice(1).split("\r\n");
    expect(lines[1]).toMatch(/^Pending,2026-11-28T09:30:00\.000Z,"Card payment, .+ ending \d{4}",Pending Bakery,Groceries,GB,in_store,-4\.20,GBP,,$/);
    expect(lines[2]).toMatch(/^Pending,.*,Abroad Bakery,Groceries,FR,in_store,-8\.60,GBP,-10\.00,EUR$/);
  });

  it("sums posted card spending by category and month for the last six months, the owner's only", async () => {
    const owner = await customerWithCard();
    const other = await customerWithCard();
    const row = (account: string, postedAt: string, mcc: string | null, amountMinor: number) => ({
      id: crypto.randomUUID(),
      account_id: account,
      card_id: null,
      posted_at: postedAt,
      description: "x",
      merchant_name: null,
      mcc,
      country: "GB",
      channel: "in_store",
      amount_minor: amountMinor,
      currency: "GBP",
      original_amount_minor: null,
      original_currency: null,
    });
    await db()
      .insertInto("transactions")
      .values([
        row(owner.accountId, "2026-11-28T10:00:00.000Z", "5411", -12_00),
        row(owner.accountId, "2026-11-02T10:00:00.000Z", "5411", -3_00),
        row(owner.accountId, "2026-06-01T00:00:00.000Z", "5812", -20_00),
        row(owner.accountId, "2026-05-31T23:59:59.000Z", "5812", -99_00), // seven months ago: out
        row(owner.accountId, "2026-10-10T10:00:00.000Z", "5411", 5_00), // a refund is not spending
        row(owner.accountId, "2026-10-10T10:00:00.000Z", null, -500_00), // rent: no merchant category
        row(other.accountId, "2026-11-28T10:00:00.000Z", "5411", -77_00),
      ])
      .execute();
    const at = new Date("2026-11-30T12:00:00.000Z");
    expect(await spendingByCategory(owner.userId, owner.accountId, at)).toEqual({
      months: ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"],
      categories: [
        { label: "Eating out", totalMinor: 20_00, byMonthMinor: [20_00, 0, 0, 0, 0, 0] },
        { label: "Groceries", totalMinor: 15_00, byMonthMinor: [0, 0, 0, 0, 0, 15_00] },
      ],
    });
    expect((await spendingByCategory(other.userId, owner.accountId, at)).categories).toEqual([]);
  });

  it("exports CSV with escaping and a guard against spreadsheet formulas", async () => {
    const owner = await customerWithCard();
    const base = { account_id: owner.accountId, card_id: owner.cardId, mcc: "5999", country: "FR", channel: "online", currency: "GBP" };
    await db()
      .insertInto("transactions")
      .values([
        { ...base, id: crypto.randomUUID(), posted_at: "2026-11-03T10:00:00.000Z", description: '=HYPERLINK("http://evil.test","Refund")', merchant_name: "@evil", amount_minor: -12_50, original_amount_minor: -14_53, original_currency: "EUR" },
        { ...base, id: crypto.randomUUID(), posted_at: "2026-11-02T10:00:00.000Z", description: 'Shop, "quoted"\nsecond line', merchant_name: "+44 shop", amount_minor: 7_05, original_amount_minor: null, original_currency: null },
      ])
      .execute();
    const csv = await transactionsCsv(owner.userId, owner.accountId, "GBP", NO_FILTERS);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe("Status,Date (UTC),Description,Merchant,Category,Country,Channel,Amount,Currency,Original amount,Original currency");
    expect(lines[1]).toBe(`Posted,2026-11-03T10:00:00.000Z,"'=HYPERLINK(""http://evil.test"",""Refund"")",'@evil,Shopping,FR,online,-12.50,GBP,-14.53,EUR`);
    expect(lines[2]).toBe(`Posted,2026-11-02T10:00:00.000Z,"Shop, ""quoted""\nsecond line",'+44 shop,Shopping,FR,online,7.05,GBP,,`);
    expect(lines[3]).toBe("");
    const filtered = await transactionsCsv(owner.userId, owner.accountId, "GBP", { ...NO_FILTERS, to: "2026-11-02" });
    expect(filtered.split("\r\n").length).toBe(3);
  });
});
