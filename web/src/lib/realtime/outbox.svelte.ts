/**
 * Messages typed in a room but not yet acknowledged. Each carries a client message id chosen here,
 * so sending it again after a lost ack or a reconnect returns the stored message instead of a copy.
 */

import type { ChatMessage } from "@chalkline/shared";
import { describeErrorBody } from "$lib/errors";
import { translate } from "$lib/i18n";
import { connection } from "./connection.svelte";

export type PendingState = "sending" | "waiting" | "failed";

export interface PendingMessage {
  clientMsgId: string;
  text: string;
  /** `waiting`: no connection; it goes out after the reconnect. `failed`: refused, the person decides. */
  state: PendingState;
  error: string | null;
}

/** Attempts per message while connected; after these it waits for the person to retry it. */
const MAX_ATTEMPTS = 3;

/** 16 random bytes, base64url: 22 characters from the alphabet `chat:send` accepts. */
export function newClientMsgId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * Sends one message at a time, in the order they were written: the server numbers messages as it
 * stores them, so sending in parallel could store them out of order.
 */
export class Outbox {
  items = $state<PendingMessage[]>([]);

  readonly #roomId: string;
  readonly #deliver: (message: ChatMessage) => void;
  #pumping: Promise<void> | null = null;
  #pumpAgain = false;

  /** `deliver` receives each stored message the server acknowledges. */
  constructor(roomId: string, deliver: (message: ChatMessage) => void) {
    this.#roomId = roomId;
    this.#deliver = deliver;
  }

  send(text: string): void {
    this.items.push({ clientMsgId: newClientMsgId(), text, state: "sending", error: null });
    void this.flush();
  }

  retry(clientMsgId: string): void {
    this.#set(clientMsgId, "sending", null);
    void this.flush();
  }

  discard(clientMsgId: string): void {
    this.items = this.items.filter((item) => item.clientMsgId !== clientMsgId);
  }

  /** The stored message arrived (live or in a catch-up page): it is no longer pending. */
  acknowledge(clientMsgId: string): void {
    if (this.items.some((item) => item.clientMsgId === clientMsgId)) this.discard(clientMsgId);
  }

  /** Sends, in order, everything that has been neither acknowledged nor refused; resolves when done or cut off. */
  flush(): Promise<void> {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return this.#pumping;
    }
    this.#pumping = (async () => {
      do {
        this.#pumpAgain = false;
        await this.#pump();
      } while (this.#pumpAgain);
    })().finally(() => {
      this.#pumping = null;
    });
    return this.#pumping;
  }

  async #pump(): Promise<void> {
    for (;;) {
      const next = this.items.find((item) => item.state !== "failed");
      if (!next) return;
      if (!connection.connected) {
        for (const item of this.items) if (item.state === "sending") item.state = "waiting";
        return;
      }
      await this.#deliverOne(next.clientMsgId);
      if (this.#find(next.clientMsgId)?.state === "waiting") return;
    }
  }

  async #deliverOne(clientMsgId: string): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const item = this.#find(clientMsgId);
      if (!item) return;
      if (!connection.connected) {
        this.#set(clientMsgId, "waiting", null);
        return;
      }
      this.#set(clientMsgId, "sending", null);
      const result = await connection.request("chat:send", { roomId: this.#roomId, clientMsgId, text: item.text });
      if (result.ok) {
        this.acknowledge(clientMsgId);
        this.#deliver(result.data);
        return;
      }
      // Anything but "no answer" is a refusal (muted, slow mode, too long): sending it again won't help.
      if (result.error.code !== "unavailable") {
        this.#set(clientMsgId, "failed", describeErrorBody(result.error));
        return;
      }
    }
    if (connection.connected) this.#set(clientMsgId, "failed", translate("chat.pending.unconfirmed"));
    else this.#set(clientMsgId, "waiting", null);
  }

  #find(clientMsgId: string): PendingMessage | undefined {
    return this.items.find((item) => item.clientMsgId === clientMsgId);
  }

  #set(clientMsgId: string, state: PendingState, error: string | null): void {
    const item = this.#find(clientMsgId);
    if (!item) return;
    item.state = state;
    item.error = error;
  }
}
