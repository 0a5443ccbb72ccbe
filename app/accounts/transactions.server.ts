import { sql } from "kysely";
import { categoryGroupFor, categoryLabel } from "~/authorization/merchant-categories";
import { db } from "~/db.server";
import { isSupportedCurrency, minorUnitExponent, type CurrencyCode } from "~/money/currencies";
import { minorToDecimalString } from "~/money/money";
import { csvDocument } from "./csv";
import { PAGE_SIZE, type TransactionFilters } from "./transaction-filters";

export interface TransactionView {
  id: string;
  postedAt: string;
  description: string;
  merchantName: string | null;
  category: string | null;
  country: string | null;
  channel: string | null;
  amountMinor: number;
  currency: string;
  originalAmountMinor: number | null;
  originalCurrency: string | null;
}

export interface TransactionPage {
  rows: TransactionView[];
  total: number;
  page: number;
  pageCount: number;
}

/** A LIKE pattern with `%`, `_` and the escape character escaped, so a search for "50%" means the text "50%". */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * The one query every view of an account's transactions starts from. Ownership is part of
 * it: the join to accounts carries `customer_id = me`, so another customer's account id
 * simply matches nothing.
 */
function ownedTransactions(customerId: string, accountId: string, filters: Omit<TransactionFilters, "page">) {
  let query = db()
    .selectFrom("transactions")
    .innerJoin("accounts", "accounts.id", "transactions.account_id")
    .where("accounts.customer_id", "=", customerId)
    .where("transactions.account_id", "=", accountId);
  if (filters.from) query = query.where("transactions.posted_at", ">=", `${filters.from}T00:00:00.000Z`);
  if (filters.to) {
    const dayAfter = new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + 86_400_000).toISOString();
    query = query.where("transactions.posted_at", "<", dayAfter);
  }
  if (filters.minMinor !== null) query = query.where(sql<number>`abs(transactions.amount_minor)`, ">=", filters.minMinor);
  if (filters.maxMinor !== null) query = query.where(sql<number>`abs(transactions.amount_minor)`, "<=", filters.maxMinor);
  if (filters.q) {
    const pattern = likePattern(filters.q);
    // lower() on both sides: LIKE is case-insensitive on SQLite but not on PostgreSQL.
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(transactions.description)`, "like", sql`${pattern} escape '\\'`),
        eb(sql`lower(coalesce(transactions.merchant_name, ''))`, "like", sql`${pattern} escape '\\'`),
      ]),
    );
  }
  return query;
}

function selectRows(query: ReturnType<typeof ownedTransactions>) {
  return query
    .select([
      "transactions.id",
      "transactions.posted_at",
      "transactions.description",
      "transactions.merchant_name",
      "transactions.mcc",
      "transactions.country",
      "transactions.channel",
      "transactions.amount_minor",
      "transactions.currency",
      "transactions.original_amount_minor",
      "transactions.original_currency",
    ])
    .orderBy("transactions.posted_at", "desc")
    .orderBy("transactions.id", "desc");
}

type Row = Awaited<ReturnType<ReturnType<typeof selectRows>["execute"]>>[number];

function toView(row: Row): TransactionView {
  return {
    id: row.id,
    postedAt: row.posted_at,
    description: row.description,
    merchantName: row.merchant_name,
    category: row.mcc ? categoryLabel(categoryGroupFor(row.mcc)) : null,
    country: row.country,
    channel: row.channel,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    originalAmountMinor: row.original_amount_minor === null ? null : Number(row.original_amount_minor),
    originalCurrency: row.original_currency,
  };
}

/**
 * One page (50 rows), newest first. The caller has already checked the account is the customer's.
 * A page past the end (an old link, a hand-edited ?page=999) is the last page, never "Page 999 of 7".
 */
export async function listTransactions(customerId: string, accountId: string, filters: TransactionFilters): Promise<TransactionPage> {
  const base = ownedTransactions(customerId, accountId, filters);
  const pageOf = (page: number) =>
    selectRows(base)
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute();
  const [count, asked] = await Promise.all([base.select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow(), pageOf(filters.page)]);
  const total = Number(count.n);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(filters.page, pageCount);
  const rows = page === filters.page ? asked : await pageOf(page);
  return { rows: rows.map(toView), total, page, pageCount };
}

export interface PendingPaymentView {
  id: string;
  authorizedAt: string;
  merchantName: string;
  cardName: string;
  cardLast4: string;
  category: string;
  country: string;
  channel: string;
  /** negative: money out, as on the posted list */
  amountMinor: number;
  currency: string;
  originalAmountMinor: number | null;
  originalCurrency: string | null;
}

/**
 * Card payments approved but not yet posted: the holds that make "available" lower than the
 * balance. They are the engine's own rows (approved authorizations no transaction has
 * settled), filtered like the posted list so a search or date range narrows both alike.
 */
export async function listPendingPayments(customerId: string, accountId: string, filters: Omit<TransactionFilters, "page">): Promise<PendingPaymentView[]> {
  let query = db()
    .selectFrom("authorizations")
    .innerJoin("accounts", "accounts.id", "authorizations.account_id")
    .innerJoin("cards", "cards.id", "authorizations.card_id")
    .where("accounts.customer_id", "=", customerId)
    .where("authorizations.account_id", "=", accountId)
    .where("authorizations.outcome", "=", "approved")
    .where("authorizations.transaction_id", "is", null);
  if (filters.from) query = query.where("authorizations.created_at", ">=", `${filters.from}T00:00:00.000Z`);
  if (filters.to) query = query.where("authorizations.created_at", "<", new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + 86_400_000).toISOString());
  if (filters.minMinor !== null) query = query.where("authorizations.amount_minor", ">=", filters.minMinor);
  if (filters.maxMinor !== null) query = query.where("authorizations.amount_minor", "<=", filters.maxMinor);
  if (filters.q) query = query.where(sql`lower(authorizations.merchant_name)`, "like", sql`${likePattern(filters.q)} escape '\\'`);
  const rows = await query
    .select([
      "authorizations.id",
      "authorizations.created_at",
      "authorizations.merchant_name",
      "authorizations.mcc",
      "authorizations.country",
      "authorizations.channel",
      "authorizations.amount_minor",
      "authorizations.currency",
      "authorizations.original_amount_minor",
      "authorizations.original_currency",
      "cards.name as card_name",
      "cards.last4 as card_last4",
    ])
    .orderBy("authorizations.created_at", "desc")
    .orderBy("authorizations.id", "desc")
    .limit(CSV_MAX_ROWS)
    .execute();
  return rows.map((row) => {
    const foreign = row.original_currency !== row.currency;
    return {
      id: row.id,
      authorizedAt: row.created_at,
      merchantName: row.merchant_name,
      cardName: row.card_name,
      cardLast4: row.card_last4,
      category: categoryLabel(categoryGroupFor(row.mcc)),
      country: row.country,
      channel: row.channel,
      amountMinor: -Number(row.amount_minor),
      currency: row.currency,
      originalAmountMinor: foreign ? -Number(row.original_amount_minor) : null,
      originalCurrency: foreign ? row.original_currency : null,
    };
  });
}

/** Enough for years of a personal account; a bigger export should be narrowed by dates. */
export const CSV_MAX_ROWS = 10_000;

/** The columns a pending payment and a posted transaction share in the export. */
type CsvMoneyColumns = Pick<TransactionView, "merchantName" | "category" | "country" | "channel" | "amountMinor" | "currency" | "originalAmountMinor" | "originalCurrency">;

/** Pending card payments first (as on the page), then posted transactions; a Status column tells them apart. */
export async function transactionsCsv(customerId: string, accountId: string, currency: CurrencyCode, filters: TransactionFilters): Promise<string> {
  const [pending, rows] = await Promise.all([listPendingPayments(customerId, accountId, filters), selectRows(ownedTransactions(customerId, accountId, filters)).limit(CSV_MAX_ROWS).execute()]);
  const decimal = (minor: number | null, code: string | null) =>
    minor === null || code === null ? null : minorToDecimalString(minor, isSupportedCurrency(code) ? minorUnitExponent(code) : minorUnitExponent(currency));
  const line = (status: string, at: string, description: string, row: CsvMoneyColumns) => [
    status,
    at,
    description,
    row.merchantName,
    row.category,
    row.country,
    row.channel,
    decimal(row.amountMinor, row.currency),
    row.currency,
    decimal(row.originalAmountMinor, row.originalCurrency),
    row.originalCurrency,
  ];
  return csvDocument(
    ["Status", "Date (UTC)", "Description", "Merchant", "Category", "Country", "Channel", "Amount", "Currency", "Original amount", "Original currency"],
    [...pending.map((row) => line("Pending", row.authorizedAt, `Card payment, ${row.cardName} ending ${row.cardLast4}`, row)), ...rows.map(toView).map((row) => line("Posted", row.postedAt, row.description, row))],
  );
}

