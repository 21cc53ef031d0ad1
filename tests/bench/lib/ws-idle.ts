/**
 * The baseline of the memory benchmark, run as its own process like a server node: a bare `ws`
 * server that accepts connections and does nothing with them, and answers `GET /memory` with its
 * `process.memoryUsage()`. Prints `{"port":…}` on stdout once listening; exits when its stdin closes.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { exitWithParent } from "./child-server";

const http = createServer((req, res) => {
  if (req.url !== "/memory") return void res.writeHead(404).end();
  res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(process.memoryUsage()));
});
const server = new WebSocketServer({ server: http });

http.listen(0, "127.0.0.1", () => {
  const { port } = http.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

exitWithParent(() => {
  for (const client of server.clients) client.terminate();
  http.close(() => process.exit(0));
});
