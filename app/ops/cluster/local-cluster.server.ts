import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { haproxyConfig } from "./haproxy-config.server";

export interface ClusterOptions {
  instances: number;
  /** the proxy's port; instances listen on the ports after it */
  port: number;
  /** generated config, admin socket and logs: local state, never committed */
  stateDir: string;
  databaseUrl: string;
  /** the instances' environment (secrets, NODE_ENV, …); the cluster adds what it must decide */
  env: Record<string, string | undefined>;
  log: (line: string) => void;
  checkIntervalMs?: number;
  /** restart an instance that exits on its own (a crash, kill -9) */
  restartCrashed?: boolean;
}

export interface Instance {
  name: string;
  port: number;
  process: ChildProcess;
}

export interface Cluster {
  url: string;
  instances: Instance[];
  /** HAProxy's view: server name → UP / DOWN / DRAIN / MAINT … */
  serverStates(): Promise<Record<string, string>>;
  /** restarts every instance in turn, each leaving and rejoining the rotation cleanly */
  roll(): Promise<void>;
  stop(): Promise<void>;
}

const HAPROXY_INSTALL = "apt-get install -y haproxy";
// A first start imports and compiles the shipped guides: minutes on a busy two-core machine.
const STARTUP_MS = 240_000;

/** The HAProxy binary, or an error that names the install command. */
export function findHaproxy(): string {
  for (const candidate of ["haproxy", "/usr/sbin/haproxy"]) {
    const probe = spawnSync(candidate, ["-v"], { encoding: "utf8" });
    if (!probe.error && probe.status === 0) return candidate;
  }
  throw new Error(`HAProxy is not installed. On Debian: ${HAPROXY_INSTALL}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** One command on HAProxy's admin socket. */
export function haproxyCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const connection = net.createConnection(socket);
    let output = "";
    connection.on("data", (chunk) => (output += chunk.toString()));
    connection.on("end", () => resolve(output));
    connection.on("error", reject);
    connection.write(`${command}\n`);
  });
}

async function serverStates(socket: string): Promise<Record<string, string>> {
  const csv = await haproxyCommand(socket, "show stat");
  const [head, ...rows] = csv.trim().split("\n");
  const columns = (head ?? "").replace(/^# /, "").split(",");
  const [px, sv, status] = ["pxname", "svname", "status"].map((name) => columns.indexOf(name));
  const states: Record<string, string> = {};
  for (const row of rows) {
    const cells = row.split(",");
    if (cells[px as number] === "app" && !["FRONTEND", "BACKEND"].includes(cells[sv as number] ?? "")) states[cells[sv as number] as string] = cells[status as number] ?? "";
  }
  return states;
}

async function ready(port: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`);
  return response.ok;
}

/**
 * N instances of the production build on one PostgreSQL behind HAProxy, on loopback. The first
 * instance migrates before the others start; each is told the one public origin (the proxy's),
 * to trust X-Forwarded-For from the proxy only, and how long to drain.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const haproxy = findHaproxy();
  if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) throw new Error("The cluster runs on PostgreSQL: set DATABASE_URL=postgres://… (SQLite is one file on one machine).");
  if (!fs.existsSync("build/index.js")) throw new Error("No production build: run npm run build first.");
  fs.mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
  const checkIntervalMs = options.checkIntervalMs ?? 1_000;
  const origin = `http://localhost:${options.port}`;
  const socket = path.join(options.stateDir, "haproxy.sock");
  const names = Array.from({ length: options.instances }, (_, i) => ({ name: `app${i + 1}`, port: options.port + i + 1 }));
  let stopping = false;

  const instanceEnv = (port: number): NodeJS.ProcessEnv => ({
    ...process.env,
    ...options.env,
    NODE_ENV: (options.env.NODE_ENV ?? "production") as NodeJS.ProcessEnv["NODE_ENV"],
    DATABASE_URL: options.databaseUrl,
    HOST: "127.0.0.1",
    PORT: String(port),
    // One origin for browsers and passkeys: the proxy's. Forwarded headers only from the proxy.
    ORIGINS: options.env.ORIGINS ?? origin,
    RP_ID: options.env.RP_ID ?? "localhost",
    TRUST_PROXY: "127.0.0.1",
    // Readiness fails at SIGTERM; two failed checks take the instance out, then it closes.
    SHUTDOWN_GRACE_MS: String(checkIntervalMs * 2 + 1_000),
    SHUTDOWN_TIMEOUT_MS: options.env.SHUTDOWN_TIMEOUT_MS ?? "10000",
    KEEP_ALIVE_TIMEOUT_MS: "65000",
    DATABASE_POOL_SIZE: options.env.DATABASE_POOL_SIZE ?? "8",
  });

  const instances: Instance[] = [];
  // Starts (or restarts) the instance's process; a crash is restarted only if it is still the current one.
  const launch = (instance: Instance): void => {
    const logFile = fs.openSync(path.join(options.stateDir, `${instance.name}.log`), "a");
    const child = spawn(process.execPath, ["build/index.js"], { env: instanceEnv(instance.port), stdio: ["ignore", logFile, logFile] });
    fs.closeSync(logFile);
    instance.process = child;
    child.once("exit", (code, signal) => {
      if (stopping || instance.process !== child || (child as ChildProcess & { retiring?: boolean }).retiring) return;
      options.log(`${instance.name} exited on its own (${signal ?? `exit ${code}`})${options.restartCrashed ? "; restarting it" : ""}`);
      if (options.restartCrashed) setTimeout(() => stopping || launch(instance), 1_000);
    });
  };

  // A cluster that fails to come up leaves nothing running behind it.
  let proxy: ChildProcess | undefined;
  const abandon = () => {
    stopping = true;
    for (const instance of instances) instance.process?.kill("SIGKILL");
    proxy?.kill("SIGKILL");
  };
  try {
    // The first instance applies migrations alone; the rest start against a current schema.
    for (const { name, port } of names) instances.push({ name, port, process: undefined as unknown as ChildProcess });
    const [first, ...rest] = instances;
    if (!first) throw new Error("at least one instance");
    launch(first);
    await until(`${first.name} to be ready (see ${options.stateDir}/${first.name}.log)`, () => ready(first.port), STARTUP_MS);
    for (const instance of rest) launch(instance);
    await Promise.all(rest.map((instance) => until(`${instance.name} to be ready`, () => ready(instance.port), STARTUP_MS)));

    const configFile = path.join(options.stateDir, "haproxy.cfg");
    fs.writeFileSync(configFile, haproxyConfig({ bind: { host: "127.0.0.1", port: options.port }, servers: names.map((n) => ({ ...n, host: "127.0.0.1" })), statsSocket: socket, checkIntervalMs }));
    const check = spawnSync(haproxy, ["-c", "-q", "-f", configFile], { encoding: "utf8" });
    if (check.status !== 0) throw new Error(`HAProxy refused the generated configuration: ${check.stderr || check.stdout}`);
    fs.rmSync(socket, { force: true });
    const proxyLog = fs.openSync(path.join(options.stateDir, "haproxy.log"), "a");
    proxy = spawn(haproxy, ["-db", "-f", configFile], { stdio: ["ignore", proxyLog, proxyLog] });
    fs.closeSync(proxyLog);
    await until("HAProxy to see every instance up", async () => {
      const states = await serverStates(socket);
      return names.every(({ name }) => states[name] === "UP");
    }, 30_000);
    options.log(`cluster ready: ${origin} → ${names.map((n) => `${n.name}:${n.port}`).join(", ")}`);
  } catch (error) {
    abandon();
    throw error;
  }

  const stopInstance = async (instance: Instance): Promise<number | null> => {
    const child = instance.process as ChildProcess & { retiring?: boolean };
    child.retiring = true;
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    return exited;
  };

  return {
    url: origin,
    instances,
    serverStates: () => serverStates(socket),
    async roll() {
      for (const instance of instances) {
        // Out of the rotation first (no new requests), then SIGTERM: it finishes what it holds.
        await haproxyCommand(socket, `set server app/${instance.name} state drain`);
        const code = await stopInstance(instance);
        options.log(`${instance.name} stopped (exit ${code})`);
        if (code !== 0) throw new Error(`${instance.name} did not shut down cleanly (exit ${code}); rolling restart stopped`);
        launch(instance);
        await until(`${instance.name} to be ready again`, () => ready(instance.port), STARTUP_MS);
        await haproxyCommand(socket, `set server app/${instance.name} state ready`);
        await until(`HAProxy to see ${instance.name} up`, async () => (await serverStates(socket))[instance.name] === "UP", 30_000);
        options.log(`${instance.name} restarted and back in the rotation`);
      }
    },
    async stop() {
      stopping = true;
      await Promise.all(instances.map(stopInstance));
      const running = proxy as ChildProcess;
      const proxyExited = new Promise((resolve) => running.once("exit", resolve));
      if (running.exitCode === null) running.kill("SIGTERM");
      await proxyExited;
      fs.rmSync(socket, { force: true });
    },
  };
}
