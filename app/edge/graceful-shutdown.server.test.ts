import http from "node:http";
import type { AddressInfo } from "node:net";
import { installGracefulShutdown, isDraining, onShutdown } from "./graceful-shutdown.server";

function get(port: number, path: string): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      })
      .on("error", reject);
  });
}

async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe("graceful shutdown", () => {
  it("fails readiness at once, finishes requests in flight, stops jobs, closes the pools, exits 0", async () => {
    const events: string[] = [];
    const { server, port } = await serve((req, res) => {
      if (req.url === "/readyz") return void res.writeHead(isDraining() ? 503 : 200).end();
      setTimeout(() => res.end("done"), 400);
    });
    onShutdown("test job", async () => void events.push("job stopped"));
    let exitCode: number | null = null;
    const shutdown = installGracefulShutdown(server, {
      graceMs: 150,
      drainTimeoutMs: 5_000,
      closeDatabase: async () => void events.push("database closed"),
      log: (entry) => events.push(String(entry.msg)),
      exit: (code) => (exitCode = code),
      signals: false,
    });
    expect((await get(port, "/readyz")).status).toBe(200);
    const slow = get(port, "/slow");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const done = shutdown("SIGTERM");
    expect((await get(port, "/readyz")).status).toBe(503);
    // Still served during the grace period, on a connection closed after the response.
    const during = await get(port, "/slow");
    expect(during).toMatchObject({ status: 200, connection: "close", body: "done" });
    expect(await slow).toMatchObject({ status: 200, body: "done" });
    await done;
    await expect(get(port, "/readyz")).rejects.toThrow(/ECONNREFUSED/);
    expect(events.slice(-3)).toEqual(["job stopped", "database closed", "shut down"]);
    expect(exitCode).toBe(0);
  });

  it("cuts requests that outlive the deadline and exits 1", async () => {
    const { server, port } = await serve(() => undefined);
    let exitCode: number | null = null;
    const logged: Record<string, unknown>[] = [];
    const shutdown = installGracefulShutdown(server, { graceMs: 0, drainTimeoutMs: 200, closeDatabase: async () => undefined, log: (entry) => logged.push(entry), exit: (code) => (exitCode = code), signals: false });
    const hanging = get(port, "/never").catch((error: Error) => error.message);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await shutdown("SIGTERM");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await hanging).toMatch(/socket hang up|ECONNRESET/);
    expect(logged.some((entry) => entry.level === "error" && entry.inFlight === 1)).toBe(true);
    expect(exitCode).toBe(1);
  });
});
