import { getEnv } from "~/config/env.server";

export interface DataKey {
  id: string;
  key: Buffer;
}

/** Newest first: the first key encrypts; any key in the ring decrypts. */
export function dataKeyRing(): DataKey[] {
  return getEnv().DATA_KEYS;
}
