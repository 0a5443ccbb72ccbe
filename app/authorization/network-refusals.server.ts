import { appendAudit } from "~/audit/audit-log.server";
import { now } from "~/clock.server";
import { inWriteTransaction } from "~/db.server";
import { log } from "~/edge/access-log.server";
import type { SignatureRefusal } from "./network-signature.server";

/**
 * Requests to the card-network API that no known client signed are refused for the price of
 * a hash: nothing on their path touches the database. Each instance counts them in memory
 * per minute and per (client, address), and once the minute is over writes one audit row per
 * pair carrying the count. A flood therefore costs the database at most one row per pair,
 * minute and instance, however many requests it sends.
 *
 * The same counts rate-limit: past a budget per address or per client id a minute, the answer
 * turns from 401 into 429 with Retry-After. They only ever count failures, and a correctly
 * signed request is never refused by them — a stranger who claims the network's client id,
 * or shares its address, cannot spend the network's budget. The budgets are per instance; they
 * tell a misconfigured sender to back off rather than guard anything a forger could win.
 */
export const REFUSALS_PER_ADDRESS_PER_MINUTE = 60;
export const REFUSALS_PER_CLIENT_PER_MINUTE = 600;
/** Distinct addresses (and client/address pairs) remembered per minute; the rest share one bucket. */
export const MAX_SOURCES_PER_MINUTE = 1_000;

const MINUTE_MS = 60_000;
const OTHERS = "(other addresses)";

export interface RefusalSource {
  /** a configured client's id; null when the request named none we know */
  clientId: string | null;
  ip: string;
}

interface PairCount {
  clientId: string | null;
  ip: string | null;
  count: number;
  limited: number;
  reasons: Partial<Record<SignatureRefusal, number>>;
}

interface MinuteCounts {
  minute: number;
  pairs: Map<string, PairCount>;
  perAddress: Map<string, number>;
  perClient: Map<string, number>;
}

let current: MinuteCounts | null = null;
let completed: MinuteCounts[] = [];
let flushTimer: NodeJS.Timeout | null = null;
let flushing: Promise<number> | null = null;

const bucketFor = (minute: number): MinuteCounts => ({ minute, pairs: new Map(), perAddress: new Map(), perClient: new Map() });

function bump(map: Map<string, number>, key: string): number {
  const count = (map.get(key) ?? 0) + 1;
  map.set(key, count);
  return count;
}

function scheduleFlush(at: Date): void {
  if (flushTimer) return;
  const untilNextMinute = MINUTE_MS - (at.getTime() % MINUTE_MS);
  flushTimer = setTimeout(() => {
    flushTimer = null;
    void flushNetworkRefusals();
  }, untilNextMinute + 1_000);
  flushTimer.unref();
}

export interface RefusalVerdict {
  limited: boolean;
  retryAfterSeconds: number;
}

/** Counts one refused request; synchronous and in memory, so refusing never waits on the database. */
export function noteRefusedRequest(source: RefusalSource, reason: SignatureRefusal, at: Date = now()): RefusalVerdict {
  const minute = Math.floor(at.getTime() / MINUTE_MS);
  if (!current || current.minute !== minute) {
    if (current) completed.push(current);
    current = bucketFor(minute);
  }
  // Addresses and pairs past the bound share one bucket, so memory stays bounded whatever
  // the spread of addresses; client ids are only ever configured ones or null.
  const address = current.perAddress.has(source.ip) || current.perAddress.size < MAX_SOURCES_PER_MINUTE ? source.ip : OTHERS;
  let pairKey = address === OTHERS ? OTHERS : `${source.clientId ?? ""}\n${address}`;
  if (!current.pairs.has(pairKey) && current.pairs.size >= MAX_SOURCES_PER_MINUTE) pairKey = OTHERS;
  let pair = current.pairs.get(pairKey);
  if (!pair) {
    pair = pairKey === OTHERS ? { clientId: null, ip: null, count: 0, limited: 0, reasons: {} } : { clientId: source.clientId, ip: address, count: 0, limited: 0, reasons: {} };
    current.pairs.set(pairKey, pair);
  }
  const fromAddress = bump(current.perAddress, address);
  const forClient = bump(current.perClient, source.clientId ?? "");
  const limited = fromAddress > REFUSALS_PER_ADDRESS_PER_MINUTE || forClient > REFUSALS_PER_CLIENT_PER_MINUTE;
  pair.count += 1;
  pair.reasons[reason] = (pair.reasons[reason] ?? 0) + 1;
  if (limited) pair.limited += 1;
  scheduleFlush(at);
  return { limited, retryAfterSeconds: Math.max(1, Math.ceil(((minute + 1) * MINUTE_MS - at.getTime()) / 1000)) };
}

async function write(buckets: MinuteCounts[]): Promise<number> {
  let rows = 0;
  await inWriteTransaction(async (trx) => {
    for (const bucket of buckets) {
      for (const pair of bucket.pairs.values()) {
        await appendAudit(
          {
            actorId: null,
            actorRole: "card-network",
            action: "api.signature_rejected",
            ip: pair.ip,
            details: {
              client: pair.clientId,
              minute: new Date(bucket.minute * MINUTE_MS).toISOString(),
              count: pair.count,
              rateLimited: pair.limited,
              reasons: pair.reasons,
              ...(pair.ip === null ? { otherAddresses: true } : {}),
            },
          },
          trx,
        );
        rows += 1;
      }
    }
  });
  return rows;
}

/**
 * Writes the counts of every minute that has ended (and the current one too with
 * `includeCurrent`, as at shutdown and in tests) as audit rows, in one transaction. A
 * database that cannot take them keeps them for the next try, at most ten minutes' worth.
 */
export async function flushNetworkRefusals(options: { includeCurrent?: boolean } = {}): Promise<number> {
  if (flushing) await flushing.catch(() => undefined);
  const minute = Math.floor(now().getTime() / MINUTE_MS);
  if (current && (options.includeCurrent || current.minute < minute)) {
    completed.push(current);
    current = null;
  }
  const batch = completed;
  completed = [];
  if (batch.length === 0) return 0;
  flushing = write(batch);
  try {
    return await flushing;
  } catch (error) {
    completed = [...batch, ...completed].slice(-10);
    log({ level: "error", msg: "refused network requests not yet recorded; will retry", error: error instanceof Error ? error.message : String(error) });
    scheduleFlush(now());
    return 0;
  } finally {
    flushing = null;
  }
}
