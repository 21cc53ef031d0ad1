import { randomUUID } from "node:crypto";
import { type Ack, ChatLog, type ChatMessage, PROTOCOL_VERSION } from "@chalkline/shared";
import { io } from "socket.io-client";
import { expect } from "vitest";
import type { ClientSocket } from "./clients";

const ACK_TIMEOUT_MS = 5_000;

/**
 * A chat participant as a browser tab behaves: one socket to one of several nodes; on losing it,
 * connects to the next node that answers, re-joins the room, catches up from the last gapless
 * seq, and resends what was never acknowledged with the same client message ids.
 */
export class ChatClient {
  readonly log = new ChatLog();
  /** Messages this client sent and the server acknowledged as stored. */
  readonly acked = new Map<string, ChatMessage>();
  readonly #pending = new Map<string, string>();
  #socket: ClientSocket | undefined;
  #urlIndex: number;
  #closed = false;
  #reconnecting: Promise<void> | undefined;
  reconnects = 0;

  constructor(
    private readonly urls: string[],
    private readonly token: string,
    private readonly roomId: string,
    startAt = 0,
  ) {
    this.#urlIndex = startAt % urls.length;
  }

  get url(): string {
    return this.urls[this.#urlIndex]!;
  }

  async start(): Promise<void> {
    await this.#connectSomewhere();
  }

  /** Sends one message and resolves once the server acknowledged it as stored, across reconnects. */
  async send(text: string): Promise<ChatMessage> {
    const clientMsgId = randomUUID().replaceAll("-", "");
    this.#pending.set(clientMsgId, text);
    for (;;) {
      if (this.#closed) throw new Error("client closed");
      const result = await this.#trySend(clientMsgId, text);
      if (result?.ok) {
        this.#pending.delete(clientMsgId);
        this.acked.set(clientMsgId, result.data);
        this.log.add(result.data);
        return result.data;
      }
      if (result && !result.ok && result.error.code !== "rate_limited" && result.error.code !== "unavailable") {
        throw new Error(`send refused: ${result.error.code} ${result.error.message}`);
      }
      await (this.#reconnecting ?? new Promise((r) => setTimeout(r, 100)));
    }
  }

  /** Waits until the log holds `count` messages without holes. */
  async waitFor(count: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.log.contiguousSeq < count) {
      if (Date.now() > deadline) throw new Error(`${this.log.contiguousSeq}/${count} messages on ${this.url}`);
      if (this.log.hasGap && !this.#reconnecting) await this.#catchUp().catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  close(): void {
    this.#closed = true;
    this.#socket?.close();
  }

  async #trySend(clientMsgId: string, text: string): Promise<Ack<ChatMessage> | undefined> {
    const socket = this.#socket;
    if (!socket?.connected) return undefined;
    try {
      return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("chat:send", { roomId: this.roomId, clientMsgId, text });
    } catch {
      return undefined;
    }
  }

  async #connectSomewhere(): Promise<void> {
    for (let attempt = 0; !this.#closed; attempt++) {
      const url = this.urls[this.#urlIndex]!;
      try {
        await this.#open(url);
        return;
      } catch {
        this.#urlIndex = (this.#urlIndex + 1) % this.urls.length;
        await new Promise((r) => setTimeout(r, Math.min(1000, 50 * (attempt + 1))));
      }
    }
  }

  async #open(url: string): Promise<void> {
    const socket: ClientSocket = io(url, {
      transports: ["websocket"],
      auth: { token: this.token, protocol: PROTOCOL_VERSION },
      reconnection: false,
      forceNew: true,
      timeout: 3_000,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("session:ready", () => resolve());
      socket.once("connect_error", (e) => {
        socket.close();
        reject(e);
      });
    });
    socket.on("chat:sent", (m) => {
      if (m.roomId === this.roomId) this.log.add(m);
    });
    socket.on("disconnect", () => {
      if (this.#closed || this.#socket !== socket) return;
      this.reconnects += 1;
      this.#reconnecting = this.#connectSomewhere().finally(() => {
        this.#reconnecting = undefined;
      });
    });
    const joined = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("room:join", { roomId: this.roomId });
    if (!joined.ok) throw new Error(`join refused: ${joined.error.code}`);
    this.#socket = socket;
    await this.#catchUp();
  }

  /** Pages `chat:since` from the last gapless seq until the server has nothing more. */
  async #catchUp(): Promise<void> {
    const socket = this.#socket;
    if (!socket) return;
    for (;;) {
      const page = await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck("chat:since", { roomId: this.roomId, afterSeq: this.log.contiguousSeq, limit: 100 });
      if (!page.ok) throw new Error(`catch-up refused: ${page.error.code}`);
      for (const m of page.data.messages) this.log.add(m);
      if (!page.data.hasMore) return;
    }
  }
}

/**
 * Every client sends `each` messages, one after another; `midway` starts once half of all of them
 * are acknowledged, while the rest keep coming. Resolves when every send and `midway` are done.
 */
export async function sendThrough(clients: ChatClient[], each: number, midway: () => Promise<void>): Promise<void> {
  let sent = 0;
  let reached: () => void = () => {};
  const half = new Promise<void>((resolve) => (reached = resolve));
  const incident = half.then(midway);
  await Promise.all(
    clients.map(async (client, i) => {
      for (let m = 0; m < each; m++) {
        await client.send(`client ${i} message ${m}`);
        if (++sent >= (clients.length * each) / 2) reached();
      }
    }),
  );
  await incident;
}

/** Each client ends up holding every message, numbered 1…total without gaps, each once, its own acks among them. */
export async function expectEveryoneHoldsAll(clients: ChatClient[], total: number): Promise<void> {
  await Promise.all(clients.map((c) => c.waitFor(total, 90_000)));
  const everyAcked = clients.flatMap((c) => [...c.acked.values()]);
  expect(everyAcked).toHaveLength(total);
  for (const client of clients) {
    const messages = client.log.messages();
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(new Set(messages.map((m) => m.clientMsgId)).size).toBe(total);
    const held = new Set(messages.map((m) => m.id));
    for (const acked of everyAcked) expect(held.has(acked.id)).toBe(true);
  }
}
