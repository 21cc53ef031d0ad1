/**
 * The baseline server, run as its own process like a server node: a bare `ws` server that relays
 * every text frame to every connected client (the sender included), then acks the sender with a
 * fixed frame so senders can pace themselves exactly as `chat:send` acks pace the chat senders.
 * No validation, no persistence. Prints `{"port":…}` on stdout once listening; exits when its
 * stdin closes, so it never outlives the benchmark.
 */
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { exitWithParent } from "./child-server";
import { RELAY_ACK } from "./ws-baseline";

const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });

server.on("listening", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

server.on("connection", (socket) => {
  socket.on("message", (data, isBinary) => {
    if (isBinary) return;
    for (const client of server.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: false });
    }
    socket.send(RELAY_ACK);
  });
});

const shutdown = () => {
  for (const client of server.clients) client.terminate();
  server.close(() => process.exit(0));
};
exitWithParent(shutdown);
