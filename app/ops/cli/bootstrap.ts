import { ensureSecrets } from "~/config/dev-secrets.server";
import { parseEnv, setEnv, type Env } from "~/config/env.server";

/** Commands read the same environment (and development secrets file) as the server. */
export function loadCommandEnv(): Env {
  ensureSecrets(process.env);
  const env = parseEnv(process.env);
  setEnv(env);
  return env;
}
