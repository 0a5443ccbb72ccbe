import net from "node:net";
import { z } from "zod";

const base64Key = z
  .string()
  .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes, base64-encoded");

/** "id:base64key,id:base64key" — newest first; the first key encrypts, all keys decrypt. */
const keyRing = z
  .string()
  .transform((value, ctx) => {
    const entries = value.split(",").map((part) => part.trim()).filter(Boolean);
    const keys: { id: string; key: Buffer }[] = [];
    for (const entry of entries) {
      const [id, material] = entry.split(":");
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || !material || !base64Key.safeParse(material).success) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "each entry must be id:base64(32 bytes)" });
        return z.NEVER;
      }
      keys.push({ id, key: Buffer.from(material, "base64") });
    }
    if (keys.length === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "needs at least one key" });
      return z.NEVER;
    }
    return keys;
  });

/**
 * "id:secret,id:secret" with numeric ids, the highest sealing new cookies. Ids must be
 * explicit: if they were positions, retiring the oldest secret would renumber the newest
 * and every live session would be lost.
 */
const secretList = z.string().transform((value, ctx) => {
  const entries = value.split(",").map((part) => part.trim()).filter(Boolean);
  const secrets: { id: number; secret: string }[] = [];
  for (const entry of entries) {
    const match = /^(\d{1,6}):(.+)$/.exec(entry);
    const id = match ? Number(match[1]) : entries.length === 1 ? 1 : NaN;
    const secret = match ? (match[2] as string) : entry;
    if (!Number.isInteger(id) || id < 1 || secret.length < 32 || secrets.some((s) => s.id === id)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "use id:secret entries with distinct numeric ids and secrets of at least 32 characters" });
      return z.NEVER;
    }
    secrets.push({ id, secret });
  }
  if (secrets.length === 0) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "needs at least one secret" });
    return z.NEVER;
  }
  return secrets;
});

export interface NetworkClientKey {
  clientId: string;
  secret: string;
  /** the key is refused after this instant; null: valid until it is removed */
  notAfter: Date | null;
}

const NOT_AFTER = /^(.+):(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?Z)$/;

/**
 * "clientId:secret[:notAfter],…", newest key of a client first. A client holds at most two
 * keys, so a rotation overlaps the old and the new key; every key but the newest must carry
 * a not-after instant (ISO-8601 UTC), so no overlap lasts longer than planned.
 */
const networkClientKeyList = z.string().transform((value, ctx) => {
  const keys: NetworkClientKey[] = [];
  for (const entry of value.split(",").map((part) => part.trim()).filter(Boolean)) {
    const colon = entry.indexOf(":");
    const clientId = entry.slice(0, colon);
    const rest = entry.slice(colon + 1);
    const dated = NOT_AFTER.exec(rest);
    const secret = dated ? (dated[1] as string) : rest;
    const notAfter = dated ? new Date(dated[2] as string) : null;
    if (colon < 1 || !/^[A-Za-z0-9_.-]{1,64}$/.test(clientId) || secret.length < 32 || (notAfter && Number.isNaN(notAfter.getTime()))) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "each entry must be clientId:secret (at least 32 characters) or clientId:secret:YYYY-MM-DDTHH:MM:SSZ" });
      return z.NEVER;
    }
    const earlier = keys.filter((key) => key.clientId === clientId);
    if (earlier.length >= 2 || earlier.some((key) => key.secret === secret)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `client ${clientId}: at most two distinct keys (the new one first, the old one with its not-after date)` });
      return z.NEVER;
    }
    if (earlier.length === 1 && !notAfter) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `client ${clientId}: the older key needs a not-after date (clientId:secret:YYYY-MM-DDTHH:MM:SSZ)` });
      return z.NEVER;
    }
    keys.push({ clientId, secret, notAfter });
  }
  return keys;
});

const commaList = z.string().transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean));

const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrRange(entry: string): boolean {
  const [address, bits, extra] = entry.split("/");
  if (extra !== undefined || !address) return false;
  const family = net.isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d{1,3}$/.test(bits) && prefix <= (family === 4 ? 32 : 128);
}

/**
 * Which peers may tell us the client's address in X-Forwarded-For (Express "trust proxy").
 * Nobody, unless a proxy is named: trusting loopback by default let any process on the
 * machine pick its own rate-limit bucket. A hop count or the proxies' addresses, ranges or
 * range names (loopback, linklocal, uniquelocal); never "true", which would trust anyone.
 */
const trustProxy = z
  .string()
  .default("")
  .transform((value, ctx): false | number | string[] => {
    const text = value.trim().toLowerCase();
    if (text === "" || text === "false" || text === "none") return false;
    if (/^\d{1,2}$/.test(text)) return Number(text) === 0 ? false : Number(text);
    const entries = text.split(",").map((part) => part.trim()).filter(Boolean);
    const wrong = entries.filter((entry) => !PROXY_RANGE_NAMES.has(entry) && !isAddressOrRange(entry));
    if (text === "true" || wrong.length > 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `name the proxies (addresses, CIDR ranges, loopback/linklocal/uniquelocal) or a hop count; not ${text === "true" ? "true, which trusts every peer" : wrong.join(", ")}` });
      return z.NEVER;
    }
    return entries;
  });

export const SECRET_VARIABLES = ["SESSION_SECRETS", "DATA_KEYS", "BLIND_INDEX_KEY", "NETWORK_CLIENT_KEYS", "AUDIT_SIGNING_KEY"] as const;
/** Generated for development beside the secrets; production needs SQLITE_KEY on SQLite, BACKUP_KEY to back up. */
export const DEVELOPMENT_GENERATED = [...SECRET_VARIABLES, "SQLITE_KEY", "BACKUP_KEY"] as const;

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().optional(),
  /** PostgreSQL connections per app instance */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** PostgreSQL: "off" behind a pooler in transaction mode that cannot keep prepared statements */
  DATABASE_PREPARED_STATEMENTS: z.enum(["on", "off"]).default("on"),
  SESSION_SECRETS: secretList,
  DATA_KEYS: keyRing,
  BLIND_INDEX_KEY: base64Key.transform((value) => Buffer.from(value, "base64")),
  /** card-network clients allowed to call the authorization API: "clientId:secret[:notAfter],…" */
  NETWORK_CLIENT_KEYS: networkClientKeyList.default(""),
  /** backup encryption key ring "id:base64(32 bytes)", newest first: the first encrypts, all decrypt */
  BACKUP_KEY: keyRing.optional(),
  /** where npm run backup writes and backup:prune prunes */
  BACKUP_DIR: z.string().default("data/backups"),
  /** base64 32 bytes: the embedded SQLite file's whole-file encryption key */
  SQLITE_KEY: base64Key.transform((value) => Buffer.from(value, "base64")).optional(),
  /** base64 32-byte Ed25519 seed that signs audit checkpoints; never stored in the database */
  AUDIT_SIGNING_KEY: base64Key.transform((value) => Buffer.from(value, "base64")),
  /**
   * public halves of retired AUDIT_SIGNING_KEYs (base64url, 32 bytes each, comma-separated, as
   * `npm run audit:key` prints them), so checkpoints signed before a rotation still verify
   */
  AUDIT_RETIRED_PUBLIC_KEYS: commaList
    .pipe(z.array(z.string().refine((value) => /^[A-Za-z0-9_-]{43}$/.test(value), "each must be a 32-byte Ed25519 public key, base64url-encoded")))
    .default(""),
  /** append-only file that receives every signed audit checkpoint as a JSON line; "-" for stdout */
  AUDIT_WITNESS_FILE: z.string().min(1).default("data/audit-witness.jsonl"),
  RP_ID: z.string().default("localhost"),
  RP_NAME: z.string().default("Strongroom"),
  /** exact origins the browser may use, comma-separated; the first is canonical */
  ORIGINS: commaList.optional(),
  /** Express "trust proxy": which peers may set X-Forwarded-For; none unless a proxy is configured */
  TRUST_PROXY: trustProxy,
  ACCESS_LOG: z.enum(["on", "off"]).default("on"),
  /** after SIGTERM, keep serving this long with /readyz failing, so a balancer stops sending first */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** idle keep-alive connections close after this; behind a balancer, longer than its pool keeps them */
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(5_000),
  /** then wait at most this long for requests in flight before cutting them */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** "1" serves the benchmark's bare hello/JSON routes in production (npm run bench) */
  BENCH_ROUTES: z.enum(["0", "1"]).default("0"),
});

export type Env = Omit<z.infer<typeof envSchema>, "ORIGINS"> & { ORIGINS: string[] };

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = result.data;
  const sqlite = !env.DATABASE_URL || !/^postgres(ql)?:\/\//.test(env.DATABASE_URL);
  if (sqlite && env.NODE_ENV === "production" && !env.SQLITE_KEY) {
    throw new EnvError("Refusing to start: the SQLite database is encrypted at rest and NODE_ENV=production needs SQLITE_KEY (base64, 32 bytes). See README.md, section 'Configuration'.");
  }
  const origins = env.ORIGINS && env.ORIGINS.length > 0 ? env.ORIGINS : [`http://localhost:${env.PORT}`];
  for (const origin of origins) {
    if (new URL(origin).origin !== origin) throw new EnvError(`ORIGINS entry is not a bare origin: ${origin}`);
  }
  return { ...env, ORIGINS: origins };
}

let current: Env | undefined;

export function getEnv(): Env {
  current ??= parseEnv(process.env);
  return current;
}

/** Tests and the bootstrap set the environment explicitly. */
export function setEnv(env: Env): void {
  current = env;
}
