import { z } from "zod";
import { CHANNELS, TRAVEL_MODES, type CardControls, type CardStatus, type Channel } from "~/authorization/types";
import { BLOCKABLE_CATEGORY_GROUPS } from "~/authorization/merchant-categories";
import { DomainError } from "~/errors/domain-error";
import { isCountryCode } from "~/geo/countries.server";

/**
 * What a customer controls on a card, as one document. Stored as JSON on the card row and
 * validated every time it is read or written, so a malformed value can never reach the engine.
 */
// Built on first use, not at import: module-level zod calls cannot be tree-shaken and would
// ship zod to the browser with every page that imports a label from here.
function buildSettingsSchema() {
  const country = z.string().regex(/^[A-Z]{2}$/, "Use a two-letter country code");
  const minorAmount = z.number().int().positive().max(100_000_000_00);
  const perChannel = <T extends z.ZodTypeAny>(value: T) =>
    z.object({ in_store: value, online: value, atm: value, contactless: value }) as z.ZodObject<Record<Channel, T>>;

  return z.object({
    channels: perChannel(z.boolean()),
    amountBlocks: perChannel(minorAmount.nullable()),
    blockedCategories: z.array(z.enum(BLOCKABLE_CATEGORY_GROUPS as unknown as [string, ...string[]])).max(20),
    blockedMerchants: z.array(z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(120) })).max(100),
    travel: z.object({
      homeCountry: country,
      mode: z.enum(TRAVEL_MODES),
      allowedCountries: z.array(country).max(250),
      blockedCountries: z.array(country).max(250),
    }),
    limits: z.object({
      perPayment: minorAmount.nullable(),
      daily: minorAmount.nullable(),
      weekly: minorAmount.nullable(),
      monthly: minorAmount.nullable(),
      channelDaily: perChannel(minorAmount.nullable()),
    }),
  });
}

let settingsSchema: ReturnType<typeof buildSettingsSchema> | undefined;

export function cardSettingsSchema(): ReturnType<typeof buildSettingsSchema> {
  settingsSchema ??= buildSettingsSchema();
  return settingsSchema;
}

export type CardSettings = z.infer<ReturnType<typeof buildSettingsSchema>>;

export function defaultCardSettings(homeCountry = "GB"): CardSettings {
  return {
    channels: { in_store: true, online: true, atm: true, contactless: true },
    amountBlocks: { in_store: null, online: null, atm: null, contactless: null },
    blockedCategories: [],
    blockedMerchants: [],
    travel: { homeCountry, mode: "anywhere", allowedCountries: [], blockedCountries: [] },
    limits: {
      perPayment: 5_000_00,
      daily: 3_000_00,
      weekly: 10_000_00,
      monthly: 25_000_00,
      channelDaily: { in_store: null, online: 1_500_00, atm: 500_00, contactless: 100_00 },
    },
  };
}

export function parseCardSettings(json: string): CardSettings {
  return cardSettingsSchema().parse(JSON.parse(json));
}

/**
 * One field-level operation. Delayed changes are stored as operations, not documents, so
 * when one matures it changes only its own field or list item: a country blocked in the
 * meantime stays blocked. README.md#d6
 */
export type SettingsOp =
  | { op: "set"; path: SettablePath; value: boolean | number | string | null }
  | { op: "add" | "remove"; path: ListPath; value: string; label?: string };

export type SettablePath =
  | `channels.${Channel}`
  | `amountBlocks.${Channel}`
  | `limits.${"perPayment" | "daily" | "weekly" | "monthly"}`
  | `limits.channelDaily.${Channel}`
  | "travel.homeCountry"
  | "travel.mode";
type ListPath = "blockedCategories" | "blockedMerchants" | "travel.allowedCountries" | "travel.blockedCountries";

const LIST_PATHS: ListPath[] = ["blockedCategories", "blockedMerchants", "travel.allowedCountries", "travel.blockedCountries"];

function settablePaths(): SettablePath[] {
  const paths: SettablePath[] = ["limits.perPayment", "limits.daily", "limits.weekly", "limits.monthly", "travel.homeCountry", "travel.mode"];
  for (const channel of CHANNELS) paths.push(`channels.${channel}`, `amountBlocks.${channel}`, `limits.channelDaily.${channel}`);
  return paths;
}

// Built on first use, like the settings schema, to keep zod out of the browser bundle.
function buildOpsSchema() {
  const value = z.union([z.boolean(), z.number().int().min(0).max(100_000_000_00), z.string().min(1).max(120), z.null()]);
  const set = z.object({ op: z.literal("set"), path: z.enum(settablePaths() as [SettablePath, ...SettablePath[]]), value });
  const list = z.object({ op: z.enum(["add", "remove"]), path: z.enum(LIST_PATHS as [ListPath, ...ListPath[]]), value: z.string().min(1).max(120), label: z.string().min(1).max(120).optional() });
  return z.array(z.union([set, list])).min(1).max(100);
}

let opsSchema: ReturnType<typeof buildOpsSchema> | undefined;

/**
 * Stored operations are read back through the same kind of schema as the settings document:
 * a row edited by hand or written by an older release fails loudly here rather than writing a
 * path that does not exist into a card.
 */
export function parseSettingsOps(json: string): SettingsOp[] {
  opsSchema ??= buildOpsSchema();
  return opsSchema.parse(JSON.parse(json)) as SettingsOp[];
}

/** The value a settable path holds now: the "from" of a change. */
export function valueAt(settings: CardSettings, path: SettablePath): boolean | number | string | null {
  return read(settings, path) as boolean | number | string | null;
}

function read(settings: CardSettings, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], settings);
}

function write(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  const last = keys.pop() as string;
  const parent = keys.reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, target);
  parent[last] = value;
}

const listKeys = (settings: CardSettings, path: ListPath): string[] =>
  path === "blockedMerchants" ? settings.blockedMerchants.map((m) => m.id) : (read(settings, path) as string[]);

/** Every difference between two documents, as operations. */
export function diffSettings(before: CardSettings, after: CardSettings): SettingsOp[] {
  const ops: SettingsOp[] = [];
  for (const path of settablePaths()) {
    const value = read(after, path) as boolean | number | string | null;
    if (read(before, path) !== value) ops.push({ op: "set", path, value });
  }
  for (const path of LIST_PATHS) {
    const was = listKeys(before, path);
    const now = listKeys(after, path);
    for (const value of now.filter((item) => !was.includes(item))) {
      const label = path === "blockedMerchants" ? after.blockedMerchants.find((m) => m.id === value)?.name : undefined;
      ops.push({ op: "add", path, value, ...(label ? { label } : {}) });
    }
    for (const value of was.filter((item) => !now.includes(item))) ops.push({ op: "remove", path, value });
  }
  return ops;
}

export function applyOps(settings: CardSettings, ops: SettingsOp[]): CardSettings {
  const next = structuredClone(settings) as unknown as Record<string, unknown>;
  for (const op of ops) {
    if (op.op === "set") {
      write(next, op.path, op.value);
      continue;
    }
    const current = read(next as unknown as CardSettings, op.path) as unknown[];
    if (op.path === "blockedMerchants") {
      const merchants = current as CardSettings["blockedMerchants"];
      const others = merchants.filter((m) => m.id !== op.value);
      write(next, op.path, op.op === "add" ? [...others, { id: op.value, name: op.label ?? op.value }] : others);
    } else {
      const items = (current as string[]).filter((item) => item !== op.value);
      write(next, op.path, op.op === "add" ? [...items, op.value] : items);
    }
  }
  return cardSettingsSchema().parse(next);
}

export interface PendingChange {
  ops: SettingsOp[];
  effectiveAt: Date;
}

/** Settings in force at `now`: the stored document plus every pending change that has matured. */
export function effectiveSettings(base: CardSettings, pending: PendingChange[], now: Date): CardSettings {
  return pending
    .filter((change) => change.effectiveAt.getTime() <= now.getTime())
    .sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime())
    .reduce((settings, change) => applyOps(settings, change.ops), base);
}

export const LOOSENING_DELAY_MS = 24 * 60 * 60 * 1000;
export const GAMBLING_DELAY_MS = 48 * 60 * 60 * 1000;
const MODE_OPENNESS = { home_only: 0, home_and_allowed: 1, anywhere: 2 } as const;

/**
 * How long an operation must wait: 0 when it makes the card harder to use (takes effect at
 * once), 48 h for lifting the gambling block, 24 h for any other loosening.
 */
export function delayFor(op: SettingsOp, before: CardSettings): number {
  if (op.op === "add") return op.path === "travel.allowedCountries" ? LOOSENING_DELAY_MS : 0;
  if (op.op === "remove") {
    if (op.path === "travel.allowedCountries") return 0;
    return op.path === "blockedCategories" && op.value === "gambling" ? GAMBLING_DELAY_MS : LOOSENING_DELAY_MS;
  }
  const was = read(before, op.path);
  if (op.path.startsWith("channels.")) return was === false && op.value === true ? LOOSENING_DELAY_MS : 0;
  if (op.path === "travel.mode") {
    return MODE_OPENNESS[op.value as keyof typeof MODE_OPENNESS] > MODE_OPENNESS[was as keyof typeof MODE_OPENNESS] ? LOOSENING_DELAY_MS : 0;
  }
  if (op.path === "travel.homeCountry") return LOOSENING_DELAY_MS;
  // amounts and limits: null means "no limit", so removing one is the loosest change of all
  const raisedLimit = was !== null && (op.value === null || (op.value as number) > (was as number));
  return raisedLimit ? LOOSENING_DELAY_MS : 0;
}

const COUNTRY_PATHS: readonly string[] = ["travel.homeCountry", "travel.allowedCountries", "travel.blockedCountries"];

/**
 * Every country a change brings in must be a real one, whoever made the change (a form, a
 * staff tool): the document schema only checks the shape, so that a code stored before the
 * list tightened can still be read, and removed.
 */
function refuseUnknownCountries(ops: SettingsOp[]): void {
  const unknown = ops.filter((op) => op.op !== "remove" && COUNTRY_PATHS.includes(op.path) && !isCountryCode(String(op.value)));
  if (unknown.length > 0) throw new DomainError("invalid_input", "That is not a country code we know. Use two-letter codes like ES or FR.", { countries: unknown.map((op) => String(op.value)) });
}

/** Splits a requested change into what applies now and what waits, grouped by wait. */
export function planChange(before: CardSettings, after: CardSettings): { immediate: SettingsOp[]; delayed: Map<number, SettingsOp[]> } {
  const immediate: SettingsOp[] = [];
  const delayed = new Map<number, SettingsOp[]>();
  const ops = diffSettings(before, after);
  refuseUnknownCountries(ops);
  for (const op of ops) {
    const delay = delayFor(op, before);
    if (delay === 0) immediate.push(op);
    else delayed.set(delay, [...(delayed.get(delay) ?? []), op]);
  }
  return { immediate, delayed };
}

export interface ControlInputs {
  status: CardStatus;
  settings: CardSettings;
  trips: CardControls["trips"];
  allowances: CardControls["allowances"];
}

/** The pure engine's view of a card. */
export function toCardControls({ status, settings, trips, allowances }: ControlInputs): CardControls {
  const amountBlocks: CardControls["amountBlocks"] = {};
  for (const channel of CHANNELS) {
    const block = settings.amountBlocks[channel];
    if (block !== null) amountBlocks[channel] = block;
  }
  return {
    cardStatus: status,
    channels: settings.channels,
    amountBlocks,
    blockedCategories: settings.blockedCategories as CardControls["blockedCategories"],
    blockedMerchantIds: settings.blockedMerchants.map((merchant) => merchant.id),
    travel: settings.travel,
    trips,
    limits: settings.limits,
    allowances,
  };
}
