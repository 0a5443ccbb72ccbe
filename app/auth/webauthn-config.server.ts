import { getEnv } from "~/config/env.server";

/** Relying-party identity comes from validated configuration, never from request headers. */
export function relyingParty(): { rpID: string; rpName: string; origins: string[] } {
  const env = getEnv();
  return { rpID: env.RP_ID, rpName: env.RP_NAME, origins: env.ORIGINS };
}

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
