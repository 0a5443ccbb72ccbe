import net from "node:net";

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
  /** bytes each way that arrived while the line was cut, delivered when it is restored */
  toUpstream: Buffer[];
  toClient: Buffer[];
}

/**
 * A TCP proxy on 127.0.0.1 that the test controls. `blackHole()` stops forwarding in both
 * directions while every socket stays open — what a dropped network looks like to the app:
 * no refusal, no reset, just silence (new connections are accepted and then hear nothing).
 * `restore()` forwards again and delivers what was held, as TCP would once its
 * retransmissions got through.
 */
export class BlackHoleProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<Pair>();
  private forwarding = true;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => this.accept(client));
  }

  private port: number | null = null;

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  blackHole(): void {
    this.forwarding = false;
  }

  restore(): void {
    this.forwarding = true;
    for (const pair of this.pairs) {
      if (!pair.upstream) this.connectUpstream(pair);
      else this.flush(pair);
    }
  }

  /**
   * What a stopped PostgreSQL looks like: every open connection drops and new ones are refused.
   * `start()` listens again on the same port.
   */
  async stop(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream?.destroy();
    }
    this.pairs.clear();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async start(): Promise<void> {
    if (this.server.listening || this.port === null) return;
    await new Promise<void>((resolve) => this.server.listen(this.port!, "127.0.0.1", resolve));
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream?.destroy();
    }
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    const pair: Pair = { client, upstream: null, toUpstream: [], toClient: [] };
    this.pairs.add(pair);
    client.on("data", (chunk: Buffer) => {
      if (this.forwarding && pair.upstream?.writable) pair.upstream.write(chunk);
      else pair.toUpstream.push(chunk);
    });
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      pair.upstream?.destroy();
    };
    client.on("close", end);
    client.on("error", end);
    if (this.forwarding) this.connectUpstream(pair);
  }

  private connectUpstream(pair: Pair): void {
    const upstream = net.connect(this.target.port, this.target.host);
    pair.upstream = upstream;
    upstream.on("connect", () => this.flush(pair));
    upstream.on("data", (chunk: Buffer) => {
      if (this.forwarding) pair.client.write(chunk);
      else pair.toClient.push(chunk);
    });
    const end = () => {
      this.pairs.delete(pair);
      pair.client.destroy();
      upstream.destroy();
    };
    upstream.on("close", end);
    upstream.on("error", end);
  }

  private flush(pair: Pair): void {
    if (!this.forwarding || !pair.upstream || pair.upstream.connecting) return;
    for (const chunk of pair.toUpstream.splice(0)) pair.upstream.write(chunk);
    for (const chunk of pair.toClient.splice(0)) pair.client.write(chunk);
  }
}
