import type { AccountRow } from "../../db/schema";
import { db } from "~/db.server";
import { isSupportedCurrency, type CurrencyCode } from "~/money/currencies";

export interface AccountSummary {
  id: string;
  kind: AccountRow["kind"];
  name: string;
  currency: CurrencyCode;
  balanceMinor: number;
  availableMinor: number;
  creditLimitMinor: number | null;
  numberLast4: string;
}

const KIND_ORDER: Record<AccountRow["kind"], number> = { current: 0, savings: 1, credit_card: 2 };

function toSummary(row: Pick<AccountRow, "id" | "kind" | "name" | "currency" | "balance_minor" | "available_minor" | "credit_limit_minor" | "number_last4">): AccountSummary {
  // Accounts are only ever opened in a supported currency; a row saying otherwise is corrupt.
  if (!isSupportedCurrency(row.currency)) throw new Error(`account ${row.id} holds unsupported currency ${row.currency}`);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    currency: row.currency,
    balanceMinor: Number(row.balance_minor),
    availableMinor: Number(row.available_minor),
    creditLimitMinor: row.credit_limit_minor === null ? null : Number(row.credit_limit_minor),
    numberLast4: row.number_last4,
  };
}

const COLUMNS = ["id", "kind", "name", "currency", "balance_minor", "available_minor", "credit_limit_minor", "number_last4"] as const;

export async function listAccounts(customerId: string): Promise<AccountSummary[]> {
  const rows = await db().selectFrom("accounts").select(COLUMNS).where("customer_id", "=", customerId).orderBy("created_at").orderBy("id").execute();
  return rows.map(toSummary).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

/** Null when the account does not exist or is someone else's: the caller answers 404 either way. */
export async function findAccount(customerId: string, accountId: string): Promise<AccountSummary | null> {
  const row = await db().selectFrom("accounts").select(COLUMNS).where("customer_id", "=", customerId).where("id", "=", accountId).executeTakeFirst();
  return row ? toSummary(row) : null;
}
