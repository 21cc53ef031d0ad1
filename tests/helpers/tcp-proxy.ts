import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of a server node, standing in for one user's network: `cut()` drops every
 * connection and refuses new ones (the user went offline), `restore()` lets them through again.
 */
export class TcpProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #online = true;

  private constructor(
    readonly port: number,
    targetPort: number,
  ) {
    this.#server = createServer((client) => {
      if (!this.#online) return client.destroy();
      const upstream = connect(targetPort, "127.0.0.1");
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on("close", () => this.#sockets.delete(s));
        s.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
  }

  static async start(port: number, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(port, targetPort);
    await new Promise<void>((resolve) => proxy.#server.listen(port, "127.0.0.1", resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  cut(): void {
    this.#online = false;
    for (const s of this.#sockets) s.destroy();
  }

  restore(): void {
    this.#online = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
