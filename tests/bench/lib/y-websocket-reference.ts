/**
 * The reference server of the collab bench, run as its own process like a server node: the
 * y-websocket server of `@y/websocket-server` as its own `server.js` wires it (one `ws` server,
 * `setupWSConnection` per connection), on one node, in memory, with no authentication. The
 * document name is the last segment of the path, and any ticket request gets a ticket nobody checks,
 * so clients fetch a ticket and open the same `/collab/<docId>?ticket=…` URL as against our nodes.
 * Prints `{"port":…}` on stdout once listening; exits when its stdin closes.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setPersistence, setupWSConnection } from "@y/websocket-server/utils";
import { WebSocketServer } from "ws";
import { exitWithParent } from "./child-server";

// In memory even when YPERSISTENCE is set in the environment: the baseline never stores.
setPersistence(null);

const wss = new WebSocketServer({ noServer: true });
const server = createServer((req, res) => {
  if (req.method === "POST" && /^\/api\/docs\/[^/]+\/ticket$/.test(req.url ?? "")) {
    res.writeHead(201, { "content-type": "application/json" });
    res.end(JSON.stringify({ ticket: "unchecked" }));
    return;
  }
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("okay");
});

server.on("upgrade", (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    setupWSConnection(ws, req, { docName: path.slice(path.lastIndexOf("/") + 1) });
  });
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

exitWithParent(() => {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
});
