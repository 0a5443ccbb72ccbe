import { isDatabaseUnavailable } from "../../db/errors";
import { log } from "~/edge/access-log.server";
import { onShutdown } from "~/edge/graceful-shutdown.server";
import { foldMaturedChangesDue } from "./change-controls.server";

/** Often enough that a matured loosening shows in the stored document within a minute. */
export const FOLD_INTERVAL_MS = 60_000;

/**
 * Runs the fold on a timer in every instance. Running it on several instances at once is
 * harmless (each card is folded under its own lock, and only pending changes are taken), so it
 * needs no lease; the engine reads matured changes itself, so a late fold changes nothing a
 * payment sees.
 */
export function startMaturedChangesJob(intervalMs = FOLD_INTERVAL_MS): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    foldMaturedChangesDue()
      .then((folded) => {
        if (folded > 0) log({ msg: "folded matured control changes", cards: folded });
      })
      .catch((error: unknown) => {
        // The database being away is /readyz's news; anything else is ours to hear about.
        if (!isDatabaseUnavailable(error)) log({ level: "error", msg: "folding matured control changes failed", reason: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  const stop = () => clearInterval(timer);
  onShutdown("matured control changes", async () => stop());
  return stop;
}
