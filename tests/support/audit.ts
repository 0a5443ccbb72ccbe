import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { sealAll, type SequencerOptions, type Witness } from "../../app/audit/audit-sequencer.server";
import { verifyAuditLog } from "../../app/audit/audit-verify.server";
import { signingKeyFromSeed, type Checkpoint } from "../../app/audit/merkle";
import { now } from "../../app/clock.server";
import type { DatabaseHandle } from "../../db/connection";
import type { Database } from "../../db/schema";
import { TEST_SECRETS } from "./test-env";

export const TEST_AUDIT_KEY = signingKeyFromSeed(Buffer.from(TEST_SECRETS.AUDIT_SIGNING_KEY, "base64"));
export const TEST_AUDIT_PUBLIC_KEY = crypto.createPublicKey(TEST_AUDIT_KEY);

/** A witness kept in memory, as the file would hold it. */
export function memoryWitness(): { witness: Witness; lines: Checkpoint[] } {
  const lines: Checkpoint[] = [];
  return { witness: (checkpoint) => void lines.push(checkpoint), lines };
}

export function sequencerOptions(handle: Pick<DatabaseHandle, "db" | "engine">, overrides: Partial<SequencerOptions> = {}): SequencerOptions {
  return { db: handle.db, engine: handle.engine, signingKey: TEST_AUDIT_KEY, witness: null, holder: "test-sequencer", now, ...overrides };
}

/** Seals every committed entry now (the sequencer, run once to completion). */
export function sealNow(handle: Pick<DatabaseHandle, "db" | "engine">, overrides: Partial<SequencerOptions> = {}): Promise<number> {
  return sealAll(sequencerOptions(handle, overrides));
}

export function verifyNow(db: Kysely<Database>, witness?: Checkpoint[], publicKeys: crypto.KeyObject[] = [TEST_AUDIT_PUBLIC_KEY]) {
  return verifyAuditLog(db, { publicKeys, witness, now: now() });
}
