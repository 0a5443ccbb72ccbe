/**
 * Merchant category codes (ISO 18245 MCCs) grouped the way customers think about
 * spending. The four blockable groups are the ones a customer can switch off; the
 * rest exist so that activity and decline messages read in plain words.
 */
export const CATEGORY_GROUPS = [
  "gambling",
  "crypto",
  "adult",
  "cash_like",
  "groceries",
  "restaurants",
  "travel",
  "transport",
  "fuel",
  "retail",
  "entertainment",
  "utilities",
  "health",
  "subscriptions",
  "other",
] as const;

export type CategoryGroup = (typeof CATEGORY_GROUPS)[number];

export const BLOCKABLE_CATEGORY_GROUPS = ["gambling", "crypto", "adult", "cash_like"] as const satisfies readonly CategoryGroup[];
export type BlockableCategoryGroup = (typeof BLOCKABLE_CATEGORY_GROUPS)[number];

/** Groups where fraudsters cash out fastest; risk scoring adds points for these. */
export const HIGH_RISK_GROUPS = ["gambling", "crypto", "cash_like"] as const satisfies readonly CategoryGroup[];

export const CATEGORY_GROUP_LABELS: Readonly<Record<CategoryGroup, string>> = {
  gambling: "Gambling",
  crypto: "Cryptocurrency",
  adult: "Adult content",
  cash_like: "Cash and money transfers",
  groceries: "Groceries",
  restaurants: "Eating out",
  travel: "Travel",
  transport: "Transport",
  fuel: "Fuel",
  retail: "Shopping",
  entertainment: "Entertainment",
  utilities: "Bills and utilities",
  health: "Health",
  subscriptions: "Subscriptions and digital",
  other: "Other",
};

/** Lower-case phrase that fits "you've blocked ___ payments". */
export const CATEGORY_GROUP_PHRASES: Readonly<Record<CategoryGroup, string>> = {
  gambling: "gambling",
  crypto: "cryptocurrency",
  adult: "adult content",
  cash_like: "cash and money-transfer",
  groceries: "grocery",
  restaurants: "restaurant",
  travel: "travel",
  transport: "transport",
  fuel: "fuel",
  retail: "shopping",
  entertainment: "entertainment",
  utilities: "bills and utilities",
  health: "health",
  subscriptions: "subscription and digital",
  other: "other",
};

const EXACT_CODES: Readonly<Record<string, CategoryGroup>> = {
  // 7995 betting, 7800 government lotteries, 7801 online casinos, 7802 horse/dog racing.
  "7995": "gambling",
  "7800": "gambling",
  "7801": "gambling",
  "7802": "gambling",
  // Schemes file crypto purchases under 6051 (non-financial-institution quasi-cash,
  // which also covers money orders and traveller's cheques). We treat all of 6051 as
  // crypto because that is what it overwhelmingly is on our customers' cards, and a
  // customer who blocks crypto expects these to stop.
  "6051": "crypto",
  // 5967 direct-marketing inbound teleservices (premium-rate adult), 7273 dating/escort.
  "5967": "adult",
  "7273": "adult",
  // ATMs, bank counters, quasi-cash, wires, account funding and stored-value loads turn card spend
  // into money that is hard to claw back.
  "6010": "cash_like",
  "6011": "cash_like",
  "6012": "cash_like",
  "4829": "cash_like",
  "6540": "cash_like",
  "6538": "cash_like",
  "5411": "groceries",
  "5422": "groceries",
  "5441": "groceries",
  "5451": "groceries",
  "5462": "groceries",
  "5499": "groceries",
  "5812": "restaurants",
  "5813": "restaurants",
  "5814": "restaurants",
  "4511": "travel",
  "7011": "travel",
  "4722": "travel",
  "4411": "travel",
  "4111": "transport",
  "4121": "transport",
  "4131": "transport",
  "4789": "transport",
  "5541": "fuel",
  "5542": "fuel",
  "5311": "retail",
  "5651": "retail",
  "5691": "retail",
  "5732": "retail",
  "5942": "retail",
  "5945": "retail",
  "5999": "retail",
  "5200": "retail",
  "7832": "entertainment",
  "7922": "entertainment",
  "7941": "entertainment",
  "7996": "entertainment",
  "4900": "utilities",
  "4814": "utilities",
  "5912": "health",
  "8011": "health",
  "8062": "health",
  "5815": "subscriptions",
  "5816": "subscriptions",
  "5817": "subscriptions",
  "5818": "subscriptions",
};

/**
 * Scheme-assigned ranges: 3000–3350 are individual airlines; 3351–3441 car-hire firms
 * and 3501–3999 hotel chains are listed too so that a named chain reads as travel
 * rather than "Other".
 */
const RANGES: readonly { from: number; to: number; group: CategoryGroup }[] = [
  { from: 3000, to: 3350, group: "travel" },
  { from: 3351, to: 3441, group: "travel" },
  { from: 3501, to: 3999, group: "travel" },
];

export function isValidMcc(mcc: string): boolean {
  return /^\d{4}$/.test(mcc);
}

/** Unknown or malformed codes fall back to "other" rather than failing the payment. */
export function categoryGroupFor(mcc: string): CategoryGroup {
  if (!isValidMcc(mcc)) return "other";
  if (Object.hasOwn(EXACT_CODES, mcc)) return EXACT_CODES[mcc] ?? "other";
  const code = Number(mcc);
  return RANGES.find((range) => code >= range.from && code <= range.to)?.group ?? "other";
}

export function categoryLabel(group: CategoryGroup): string {
  return CATEGORY_GROUP_LABELS[group];
}

export function isBlockableCategoryGroup(group: string): group is BlockableCategoryGroup {
  return (BLOCKABLE_CATEGORY_GROUPS as readonly string[]).includes(group);
}

export function isHighRiskGroup(group: CategoryGroup): boolean {
  return (HIGH_RISK_GROUPS as readonly CategoryGroup[]).includes(group);
}
