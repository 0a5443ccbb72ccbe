import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { findHaproxy, startCluster } from "~/ops/cluster/local-cluster.server";
import { commandArgs } from "./args";
import { loadCommandEnv } from "./bootstrap";

/**
 * npm run cluster [-- --instances 3]   N production instances on PostgreSQL behind HAProxy, in the
 *                                      foreground until Ctrl-C (crashed instances are restarted)
 * npm run cluster -- --roll            rolling restart of the running cluster, one instance at a time
 */
const USAGE = `
npm run cluster [-- --instances N]   N production instances (default 3) on PostgreSQL behind HAProxy,
                                     in the foreground until Ctrl-C
npm run cluster -- --roll            rolling restart of the running cluster, one instance at a time`;
const { values } = commandArgs(USAGE, { options: { instances: { type: "string", default: "3" }, roll: { type: "boolean" } } });
const stateDir = process.env.CLUSTER_STATE_DIR ?? "data/cluster";
const pidFile = path.join(stateDir, "cluster.pid");
const rollFile = path.join(stateDir, "roll.json");
const say = (line: string) => process.stdout.write(`[cluster] ${line}\n`);

async function requestRoll(): Promise<never> {
  const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, "utf8")) : NaN;
  try {
    process.kill(pid, 0);
  } catch {
    process.stderr.write(`No running cluster (${pidFile}). Start one with npm run cluster.\n`);
    process.exit(2);
  }
  const id = crypto.randomUUID();
  fs.writeFileSync(rollFile, JSON.stringify({ id, state: "requested" }));
  process.kill(pid, "SIGUSR2");
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const status = JSON.parse(fs.readFileSync(rollFile, "utf8")) as { id: string; state: string; detail?: string };
    if (status.id !== id) continue;
    if (status.state === "done") {
      say("rolling restart complete: every instance restarted, none dropped out at once");
      process.exit(0);
    }
    if (status.state === "failed") {
      process.stderr.write(`rolling restart FAILED: ${status.detail}\n`);
      process.exit(1);
    }
  }
  process.stderr.write("rolling restart did not finish within 10 minutes\n");
  process.exit(1);
}

if (values.roll) await requestRoll();

try {
  findHaproxy();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const env = loadCommandEnv();
const instances = Number(values.instances);
if (!Number.isInteger(instances) || instances < 1 || instances > 16) {
  process.stderr.write("--instances must be 1–16.\n");
  process.exit(2);
}
const port = Number(process.env.CLUSTER_PORT ?? env.PORT);
try {
  const cluster = await startCluster({
    instances,
    port,
    stateDir,
    databaseUrl: env.DATABASE_URL ?? "",
    env: process.env,
    log: say,
    restartCrashed: true,
  });
  fs.writeFileSync(pidFile, String(process.pid));
  say(`open ${cluster.url} (logs and generated haproxy.cfg in ${stateDir}); Ctrl-C stops; npm run cluster -- --roll restarts one by one`);
  let rolling = false;
  process.on("SIGUSR2", () => {
    if (rolling) return;
    rolling = true;
    const { id } = JSON.parse(fs.readFileSync(rollFile, "utf8")) as { id: string };
    const write = (state: string, detail?: string) => fs.writeFileSync(rollFile, JSON.stringify({ id, state, detail }));
    write("rolling");
    say("rolling restart requested");
    cluster
      .roll()
      .then(() => write("done"))
      .catch((error: unknown) => write("failed", error instanceof Error ? error.message : String(error)))
      .finally(() => (rolling = false));
  });
  const shutdown = () => {
    say("stopping: each instance drains, then HAProxy stops");
    void cluster.stop().then(() => {
      fs.rmSync(pidFile, { force: true });
      process.exit(0);
    });
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
