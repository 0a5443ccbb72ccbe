import crypto from "node:crypto";
import type { Insertable } from "kysely";
import type { AccountsTable, AuthorizationsTable, CardsTable, TransactionsTable } from "../../db/schema";
import { now } from "~/clock.server";
import { defaultCardSettings } from "~/controls/card-settings";
import type { Db } from "~/db.server";
import { convertMinor } from "~/money/exchange-rates";

/**
 * Demo banking data for the demo customers: three accounts, a few cards and six months of
 * posted transactions ending at the seed time. Amounts, merchants and times come from a
 * seeded PRNG, so the same seed time always gives the same data and tests stay stable.
 */

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 182;
const INSERT_BATCH = 200;

/** mulberry32: tiny, fast and good enough to make demo data look irregular. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Channel = "in_store" | "online" | "atm" | "contactless";

interface Merchant {
  name: string;
  /** the text a statement shows, as card schemes send it */
  descriptor: string;
  mcc: string;
  channel: Channel;
  /** typical amount in the merchant's currency, minor units */
  typical: number;
}

interface Trip {
  country: string;
  currency: "EUR" | "USD" | "CHF";
  daysAgo: number;
  nights: number;
  flight: { name: string; descriptor: string; amount: number };
  hotel: { name: string; descriptor: string; amount: number };
  merchants: Merchant[];
}

interface CardPlan {
  key: string;
  name: string;
  account: "current" | "credit_card";
  brand: "visa" | "mastercard";
  /** fixed for the first card of each customer: the simulator and e2e tests use it */
  token?: string;
}

interface Profile {
  seed: number;
  salary: { employer: string; amount: number };
  rent: { payee: string; amount: number };
  directDebits: { payee: string; amount: number; day: number }[];
  subscriptions: Merchant[];
  everyday: { merchant: Merchant; perWeek: number }[];
  online: Merchant[];
  trips: Trip[];
  cards: CardPlan[];
  savingsPerMonth: number;
  /** the current account's balance at the seed time; its opening balance is whatever history leads there */
  closingCurrent: number;
  openingSavings: number;
  creditLimit: number;
}

const m = (name: string, descriptor: string, mcc: string, channel: Channel, typical: number): Merchant => ({ name, descriptor, mcc, channel, typical });

const LONDON_EVERYDAY = (extra: { merchant: Merchant; perWeek: number }[]) => [
  { merchant: m("Tesco", "TESCO STORES 2231 LONDON", "5411", "in_store", 42_80), perWeek: 1.2 },
  { merchant: m("Sainsbury's", "SAINSBURYS S/MKTS LONDON", "5411", "contactless", 18_40), perWeek: 1 },
  { merchant: m("Pret A Manger", "PRET A MANGER KINGS X", "5814", "contactless", 6_95), perWeek: 2.5 },
  { merchant: m("Transport for London", "TFL TRAVEL CH", "4111", "contactless", 8_10), perWeek: 3 },
  { merchant: m("Boots", "BOOTS 1187 LONDON", "5912", "contactless", 9_60), perWeek: 0.4 },
  { merchant: m("Shell", "SHELL ISLINGTON", "5541", "in_store", 61_00), perWeek: 0.4 },
  { merchant: m("Cash machine", "CASH LINK ATM LONDON", "6011", "atm", 60_00), perWeek: 0.35 },
  ...extra,
];

const PROFILES: Record<string, Profile> = {
  "alice@example.com": {
    seed: 0xa11ce,
    salary: { employer: "NORTHWIND ANALYTICS LTD", amount: 3_450_00 },
    rent: { payee: "HARBOUR LETTINGS", amount: 1_450_00 },
    directDebits: [
      { payee: "LB CAMDEN COUNCIL TAX", amount: 162_00, day: 5 },
      { payee: "OCTOPUS ENERGY", amount: 96_00, day: 8 },
      { payee: "THAMES WATER", amount: 38_50, day: 12 },
      { payee: "VODAFONE LTD", amount: 24_00, day: 15 },
    ],
    subscriptions: [m("Netflix", "NETFLIX.COM", "5815", "online", 10_99), m("Spotify", "SPOTIFY P1F2", "5815", "online", 11_99)],
    everyday: LONDON_EVERYDAY([
      { merchant: m("Dishoom", "DISHOOM KINGS CROSS", "5812", "in_store", 48_00), perWeek: 0.5 },
      { merchant: m("Wagamama", "WAGAMAMA ANGEL", "5812", "contactless", 27_50), perWeek: 0.5 },
      { merchant: m("Odeon", "ODEON CAMDEN", "7832", "contactless", 14_50), perWeek: 0.2 },
    ]),
    online: [
      m("Amazon", "AMAZON.CO.UK*2K4", "5942", "online", 23_99),
      m("ASOS", "ASOS.COM", "5651", "online", 54_00),
      m("John Lewis", "JOHN LEWIS ONLINE", "5311", "online", 79_00),
    ],
    trips: [
      {
        country: "ES",
        currency: "EUR",
        daysAgo: 128,
        nights: 5,
        flight: { name: "British Airways", descriptor: "BRITISH AIRWAYS LHR-BCN", amount: 186_40 },
        hotel: { name: "Hotel Casa Fuster", descriptor: "HOTEL CASA FUSTER BARCELONA", amount: 612_00 },
        merchants: [
          m("Cervecería Catalana", "CERVECERIA CATALANA BCN", "5812", "contactless", 38_00),
          m("Mercat de la Boqueria", "MERCAT BOQUERIA BARCELONA", "5411", "contactless", 14_50),
          m("Sagrada Família", "SAGRADA FAMILIA TICKETS", "7996", "online", 26_00),
          m("Cash machine", "CAIXABANK ATM BARCELONA", "6011", "atm", 100_00),
        ],
      },
      {
        country: "FR",
        currency: "EUR",
        daysAgo: 61,
        nights: 2,
        flight: { name: "Eurostar", descriptor: "EUROSTAR INTERNATIONAL", amount: 142_00 },
        hotel: { name: "Hôtel des Grands Boulevards", descriptor: "HOTEL GRANDS BOULEVARDS PARIS", amount: 398_00 },
        merchants: [
          m("Le Comptoir du Relais", "COMPTOIR DU RELAIS PARIS", "5812", "in_store", 64_00),
          m("Monoprix", "MONOPRIX PARIS 9", "5411", "contactless", 12_30),
          m("RATP", "RATP PARIS", "4111", "contactless", 2_15),
        ],
      },
      {
        country: "CH",
        currency: "CHF",
        daysAgo: 24,
        nights: 3,
        flight: { name: "easyJet", descriptor: "EASYJET LGW-GVA", amount: 98_70 },
        hotel: { name: "Hotel Bel'Espérance", descriptor: "HOTEL BEL ESPERANCE GENEVE", amount: 540_00 },
        merchants: [
          m("Migros", "MIGROS GENEVE", "5411", "contactless", 22_40),
          m("Café du Centre", "CAFE DU CENTRE GENEVE", "5812", "in_store", 71_00),
          m("SBB CFF FFS", "SBB CFF FFS GENEVE", "4111", "online", 38_00),
        ],
      },
    ],
    cards: [
      { key: "everyday", name: "Everyday debit", account: "current", brand: "visa", token: "tok_alice_everyday" },
      { key: "credit", name: "Credit card", account: "credit_card", brand: "mastercard" },
      { key: "online", name: "Online shopping", account: "current", brand: "visa" },
    ],
    savingsPerMonth: 300_00,
    closingCurrent: 2_486_20,
    openingSavings: 6_400_00,
    creditLimit: 5_000_00,
  },
  "ben@example.com": {
    seed: 0xbe7,
    salary: { employer: "MERIDIAN HEALTH NHS TRUST", amount: 2_980_00 },
    rent: { payee: "OAKWOOD PROPERTY MGMT", amount: 1_150_00 },
    directDebits: [
      { payee: "MANCHESTER CITY COUNCIL", amount: 128_00, day: 4 },
      { payee: "BRITISH GAS", amount: 84_00, day: 9 },
      { payee: "UNITED UTILITIES", amount: 33_20, day: 13 },
      { payee: "EE LIMITED", amount: 32_00, day: 18 },
      { payee: "PUREGYM LTD", amount: 24_99, day: 2 },
    ],
    subscriptions: [m("Disney+", "DISNEYPLUS", "5815", "online", 7_99), m("Audible", "AUDIBLE UK", "5815", "online", 7_99)],
    everyday: [
      { merchant: m("Aldi", "ALDI 83 MANCHESTER", "5411", "in_store", 36_20), perWeek: 1.2 },
      { merchant: m("Co-op", "CO-OP GROUP 071 MANCHESTER", "5411", "contactless", 11_80), perWeek: 1.5 },
      { merchant: m("Greggs", "GREGGS MANCHESTER", "5814", "contactless", 4_35), perWeek: 2 },
      { merchant: m("Bee Network", "BEE NETWORK TRAM", "4111", "contactless", 5_40), perWeek: 2.5 },
      { merchant: m("Nando's", "NANDOS PICCADILLY", "5812", "contactless", 24_60), perWeek: 0.5 },
      { merchant: m("BP", "BP OXFORD ROAD", "5541", "in_store", 55_00), perWeek: 0.5 },
      { merchant: m("Superdrug", "SUPERDRUG MANCHESTER", "5912", "contactless", 7_20), perWeek: 0.3 },
      { merchant: m("Cash machine", "NATWEST ATM MANCHESTER", "6011", "atm", 40_00), perWeek: 0.4 },
      { merchant: m("Vue Cinemas", "VUE PRINTWORKS", "7832", "contactless", 12_99), perWeek: 0.2 },
    ],
    online: [
      m("Argos", "ARGOS LTD", "5311", "online", 34_99),
      m("Amazon", "AMAZON.CO.UK*7H1", "5942", "online", 18_49),
      m("Deliveroo", "DELIVEROO", "5812", "online", 22_80),
    ],
    trips: [
      {
        country: "PT",
        currency: "EUR",
        daysAgo: 104,
        nights: 6,
        flight: { name: "Jet2", descriptor: "JET2.COM MAN-FAO", amount: 232_00 },
        hotel: { name: "Vila Joya", descriptor: "VILA JOYA ALBUFEIRA", amount: 780_00 },
        merchants: [
          m("Pingo Doce", "PINGO DOCE ALBUFEIRA", "5411", "contactless", 19_80),
          m("Restaurante O Marinheiro", "O MARINHEIRO ALBUFEIRA", "5812", "in_store", 56_00),
          m("Cash machine", "MULTIBANCO ALBUFEIRA", "6011", "atm", 80_00),
        ],
      },
      {
        country: "US",
        currency: "USD",
        daysAgo: 38,
        nights: 4,
        flight: { name: "Virgin Atlantic", descriptor: "VIRGIN ATLANTIC MAN-JFK", amount: 548_00 },
        hotel: { name: "The Jane Hotel", descriptor: "THE JANE HOTEL NEW YORK", amount: 820_00 },
        merchants: [
          m("Joe's Pizza", "JOES PIZZA NEW YORK", "5812", "contactless", 18_50),
          m("Whole Foods Market", "WHOLEFDS NYC 10250", "5411", "contactless", 32_40),
          m("MTA", "MTA NYCT PAYGO", "4111", "contactless", 2_90),
        ],
      },
    ],
    cards: [
      { key: "everyday", name: "Everyday debit", account: "current", brand: "visa", token: "tok_ben_everyday" },
      { key: "credit", name: "Credit card", account: "credit_card", brand: "mastercard" },
    ],
    savingsPerMonth: 200_00,
    closingCurrent: 1_312_45,
    openingSavings: 2_750_00,
    creditLimit: 3_500_00,
  },
};

export interface SeededCustomer {
  email: string;
  userId: string;
}

type AccountKind = AccountsTable["kind"];

const uuid = () => crypto.randomUUID();

function digits(random: () => number, count: number): string {
  return Array.from({ length: count }, () => Math.floor(random() * 10)).join("");
}

function vary(random: () => number, typical: number): number {
  return Math.max(1, Math.round(typical * (0.6 + random() * 0.8)));
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : Math.round(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
}

/** Multi-row inserts keep the seed fast while staying under both engines' bound-parameter limits. */
function batches<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += INSERT_BATCH) out.push(rows.slice(start, start + INSERT_BATCH));
  return out;
}

export interface CustomerRows {
  accounts: Insertable<AccountsTable>[];
  cards: Insertable<CardsTable>[];
  transactions: Insertable<TransactionsTable>[];
  /** the approved, already settled authorization behind every card payment */
  authorizations: Insertable<AuthorizationsTable>[];
}

/** One customer's rows, computed without touching the database (ids and tokens are random; everything else is seeded). */
export function planCustomerRows(customer: SeededCustomer, seedTime: Date): CustomerRows | null {
  const profile = PROFILES[customer.email];
  return profile ? planRows(customer, profile, seedTime) : null;
}

function planRows(customer: SeededCustomer, profile: Profile, seedTime: Date): CustomerRows {
  const random = prng(profile.seed);
  const end = seedTime.getTime();
  const start = end - HISTORY_DAYS * DAY_MS;
  const createdAt = new Date(start - 400 * DAY_MS).toISOString();
  const accountIds: Record<AccountKind, string> = { current: uuid(), savings: uuid(), credit_card: uuid() };
  const cardIds = new Map(profile.cards.map((card) => [card.key, uuid()]));
  const cardAccount = new Map(profile.cards.map((card) => [card.key, accountIds[card.account]]));
  const transactions: Insertable<TransactionsTable>[] = [];

  const at = (dayStart: number, hourFrom = 7, hourTo = 22) => dayStart + Math.floor((hourFrom + random() * (hourTo - hourFrom)) * 3_600_000);
  const creditSpendByMonth = new Map<string, number>();
  const post = (row: Omit<Insertable<TransactionsTable>, "id" | "currency" | "posted_at"> & { at: number }) => {
    if (row.at >= end || row.at < start) return;
    const { at: time, ...rest } = row;
    const postedAt = new Date(time).toISOString();
    transactions.push({ id: uuid(), currency: "GBP", posted_at: postedAt, ...rest });
    if (rest.account_id === accountIds.credit_card && rest.amount_minor < 0) {
      const month = postedAt.slice(0, 7);
      creditSpendByMonth.set(month, (creditSpendByMonth.get(month) ?? 0) - rest.amount_minor);
    }
  };
  const cardPayment = (cardKey: string, merchant: Merchant, time: number, country = "GB", currency = "GBP") => {
    const original = vary(random, merchant.typical);
    const amount = convertMinor(original, currency, "GBP") ?? original;
    post({
      account_id: cardAccount.get(cardKey) as string,
      card_id: cardIds.get(cardKey) as string,
      at: time,
      description: merchant.descriptor,
      merchant_name: merchant.name,
      mcc: merchant.mcc,
      country,
      channel: merchant.channel,
      amount_minor: -amount,
      original_amount_minor: currency === "GBP" ? null : original,
      original_currency: currency === "GBP" ? null : currency,
    });
  };
  const transfer = (account: AccountKind, time: number, description: string, amount: number) =>
    post({ account_id: accountIds[account], card_id: null, at: time, description, merchant_name: null, mcc: null, country: null, channel: null, amount_minor: amount, original_amount_minor: null, original_currency: null });

  for (let dayStart = Math.floor(start / DAY_MS) * DAY_MS; dayStart < end; dayStart += DAY_MS) {
    const date = new Date(dayStart);
    const dom = date.getUTCDate();
    if (dom === 25) transfer("current", dayStart + 6 * 3_600_000, `SALARY ${profile.salary.employer}`, profile.salary.amount);
    if (dom === 26) {
      transfer("current", dayStart + 9 * 3_600_000, "TRANSFER TO SAVINGS", -profile.savingsPerMonth);
      transfer("savings", dayStart + 9 * 3_600_000, "TRANSFER FROM CURRENT ACCOUNT", profile.savingsPerMonth);
    }
    if (dom === 1) {
      transfer("current", dayStart + 8 * 3_600_000, `STANDING ORDER ${profile.rent.payee}`, -profile.rent.amount);
      transfer("savings", dayStart + 5 * 3_600_000, "INTEREST PAID", 1_200 + Math.floor(random() * 900));
    }
    for (const debit of profile.directDebits) {
      if (dom === debit.day) transfer("current", dayStart + 7 * 3_600_000, `DIRECT DEBIT ${debit.payee}`, -vary(random, debit.amount));
    }
    profile.subscriptions.forEach((merchant, index) => {
      if (dom === 10 + index * 7) cardPayment("credit", merchant, at(dayStart, 2, 5));
    });
    if (dom === 20) {
      const previous = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
      const owed = creditSpendByMonth.get(previous) ?? 0;
      if (owed > 0) {
        transfer("current", dayStart + 10 * 3_600_000, "STRONGROOM CREDIT CARD PAYMENT", -owed);
        transfer("credit_card", dayStart + 10 * 3_600_000, "PAYMENT RECEIVED - THANK YOU", owed);
      }
    }

    const abroad = profile.trips.find((trip) => {
      const leave = end - trip.daysAgo * DAY_MS;
      return dayStart >= Math.floor(leave / DAY_MS) * DAY_MS && dayStart < leave + trip.nights * DAY_MS;
    });
    if (abroad) {
      for (const merchant of abroad.merchants) {
        if (random() < 0.7) cardPayment(merchant.channel === "atm" ? "everyday" : random() < 0.5 ? "credit" : "everyday", merchant, at(dayStart, 8, 23), abroad.country, abroad.currency);
      }
    } else {
      for (const { merchant, perWeek } of profile.everyday) {
        if (random() < perWeek / 7) cardPayment("everyday", merchant, at(dayStart));
      }
      if (random() < 0.22) {
        const merchant = profile.online[Math.floor(random() * profile.online.length)] as Merchant;
        const card = cardIds.has("online") && random() < 0.6 ? "online" : "credit";
        cardPayment(card, merchant, at(dayStart, 0, 24));
      }
    }
    for (const trip of profile.trips) {
      const leaveDay = Math.floor((end - trip.daysAgo * DAY_MS) / DAY_MS) * DAY_MS;
      if (dayStart === leaveDay - 21 * DAY_MS) {
        cardPayment("credit", m(trip.flight.name, trip.flight.descriptor, "4511", "online", trip.flight.amount), at(dayStart, 19, 23));
      }
      if (dayStart === leaveDay + (trip.nights - 1) * DAY_MS) {
        cardPayment("credit", m(trip.hotel.name, trip.hotel.descriptor, "7011", "in_store", trip.hotel.amount), at(dayStart, 8, 11), trip.country, trip.currency);
      }
    }
  }

  const balanceOf = (account: AccountKind, opening: number) =>
    transactions.filter((t) => t.account_id === accountIds[account]).reduce((sum, t) => sum + (t.amount_minor as number), opening);
  const current = profile.closingCurrent;
  const savings = balanceOf("savings", profile.openingSavings);
  const credit = balanceOf("credit_card", 0);
  const accounts: Insertable<AccountsTable>[] = [
    { id: accountIds.current, customer_id: customer.userId, kind: "current", name: "Everyday current account", currency: "GBP", balance_minor: current, available_minor: current, credit_limit_minor: null, number_last4: digits(random, 4), created_at: createdAt },
    { id: accountIds.savings, customer_id: customer.userId, kind: "savings", name: "Rainy day saver", currency: "GBP", balance_minor: savings, available_minor: savings, credit_limit_minor: null, number_last4: digits(random, 4), created_at: createdAt },
    // A credit card's balance is what is owed (negative); available is the credit left.
    { id: accountIds.credit_card, customer_id: customer.userId, kind: "credit_card", name: "Strongroom credit card", currency: "GBP", balance_minor: credit, available_minor: profile.creditLimit + credit, credit_limit_minor: profile.creditLimit, number_last4: digits(random, 4), created_at: createdAt },
  ];

  const expiry = new Date(end + (2 + Math.floor(random() * 3)) * 365 * DAY_MS);
  // Issued a day apart, so "first card" (oldest) is the same on every listing.
  const cards: Insertable<CardsTable>[] = profile.cards.map((plan, index) => {
    const id = cardIds.get(plan.key) as string;
    const payments = transactions.filter((t) => t.card_id === id && (t.amount_minor as number) < 0);
    const countries = new Set(["GB", ...payments.map((t) => t.country).filter((c): c is string => Boolean(c))]);
    return {
      id,
      account_id: accountIds[plan.account],
      customer_id: customer.userId,
      token: plan.token ?? `tok_${crypto.randomBytes(12).toString("hex")}`,
      last4: digits(random, 4),
      brand: plan.brand,
      name: plan.name,
      expiry_month: expiry.getUTCMonth() + 1,
      expiry_year: expiry.getUTCFullYear(),
      status: "active",
      settings: JSON.stringify(defaultCardSettings("GB")),
      usual_amount_minor: median(payments.map((t) => -(t.amount_minor as number))),
      history_count: payments.length,
      known_countries: JSON.stringify([...countries].sort()),
      has_used_online: payments.some((t) => t.channel === "online") ? 1 : 0,
      created_at: new Date(Date.parse(createdAt) + index * DAY_MS).toISOString(),
    };
  });

  return { accounts, cards, transactions, authorizations: settledAuthorizations(transactions) };
}

/**
 * Every card payment went through the decision engine before it posted. Seeding that
 * authorization (settled by the transaction) keeps the card page's "used so far" and recent
 * payments, which read authorizations as the engine does, in step with the account's list.
 */
function settledAuthorizations(transactions: Insertable<TransactionsTable>[]): Insertable<AuthorizationsTable>[] {
  return transactions
    .filter((t) => t.card_id && (t.amount_minor as number) < 0)
    .map((t) => ({
      id: crypto.randomUUID(),
      card_id: t.card_id as string,
      account_id: t.account_id,
      client_id: "seed",
      idempotency_key: t.id as string,
      request_hash: "seed",
      created_at: t.posted_at,
      amount_minor: -(t.amount_minor as number),
      currency: t.currency,
      original_amount_minor: t.original_amount_minor ?? -(t.amount_minor as number),
      original_currency: t.original_currency ?? t.currency,
      merchant_name: t.merchant_name ?? t.description,
      merchant_id: `seed-${(t.merchant_name ?? t.description).toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
      mcc: t.mcc ?? "5999",
      country: t.country ?? "GB",
      channel: t.channel ?? "in_store",
      outcome: "approved" as const,
      reason: "approved",
      risk_score: 0,
      risk_level: "low" as const,
      risk_signals: "[]",
      flagged: 0,
      customer_response: null,
      responded_at: null,
      signature: null,
      transaction_id: t.id as string,
    }));
}

/**
 * Accounts, cards and history for every demo customer that has a profile here. Runs inside
 * the caller's transaction so a half-seeded database never persists.
 */
export async function seedBankingData(trx: Db, customers: SeededCustomer[], seedTime: Date = now()): Promise<{ transactions: number }> {
  let count = 0;
  for (const customer of customers) {
    const rows = planCustomerRows(customer, seedTime);
    if (!rows) continue;
    await trx.insertInto("accounts").values(rows.accounts).execute();
    await trx.insertInto("cards").values(rows.cards).execute();
    for (const batch of batches(rows.transactions)) await trx.insertInto("transactions").values(batch).execute();
    for (const batch of batches(rows.authorizations)) await trx.insertInto("authorizations").values(batch).execute();
    count += rows.transactions.length;
  }
  return { transactions: count };
}
