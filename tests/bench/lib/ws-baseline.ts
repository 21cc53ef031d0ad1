import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import { startChildServer } from "./child-server";
import type { FanoutClient } from "./fanout";

/** What the relay sends back to a sender once it has relayed its frame. */
export const RELAY_ACK = "ack";

const RELAY_SCRIPT = fileURLToPath(new URL("./ws-relay.ts", import.meta.url));

export interface WsRelay {
  url: string;
  stop(): Promise<void>;
}

/** Starts the raw `ws` relay (ws-relay.ts) as its own process and resolves with its address. */
export async function startWsRelay(): Promise<WsRelay> {
  const { port, stop } = await startChildServer(RELAY_SCRIPT, "ws relay");
  return { url: `ws://127.0.0.1:${port}`, stop };
}

/** A plain WebSocket client of the relay: frames are `{"id","text"}` JSON, parsed on receipt. */
export async function connectWsClient(url: string): Promise<FanoutClient> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const listeners: Array<(id: string) => void> = [];
  let pendingAck: { resolve: (attempts: number) => void; reject: (error: Error) => void } | undefined;
  socket.on("message", (data: Buffer) => {
    const text = data.toString();
    if (text === RELAY_ACK) {
      const waiter = pendingAck;
      pendingAck = undefined;
      waiter?.resolve(1);
      return;
    }
    const { id } = JSON.parse(text) as { id: string };
    for (const listener of listeners) listener(id);
  });
  socket.on("close", () => pendingAck?.reject(new Error("ws relay connection closed")));
  return {
    send: (id, text) =>
      new Promise<number>((resolve, reject) => {
        pendingAck = { resolve, reject };
        socket.send(JSON.stringify({ id, text }), (error) => {
          if (error) reject(error);
        });
      }),
    onDelivery: (listener) => void listeners.push(listener),
    close: () => socket.close(),
  };
}
