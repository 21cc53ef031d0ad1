/**
 * Typing indicators for one room, both ways. Outgoing: one `typing: true` at most every
 * `TYPING_THROTTLE_MS` while keys are pressed, and `typing: false` after a pause or a send.
 * Incoming: each typist is shown until they stop, send, or go quiet for `TYPING_SHOWN_MS`
 * (typing events are volatile, so a `false` may never arrive).
 */

import type { TypingEvent, UserRef } from "@chalkline/shared";
import { connection } from "./connection.svelte";

export const TYPING_THROTTLE_MS = 2_000;
const TYPING_IDLE_MS = 4_000;
const TYPING_SHOWN_MS = 6_000;

export class Typing {
  /** Who is typing now, other than the signed-in user. */
  typists = $state<UserRef[]>([]);

  readonly #roomId: string;
  readonly #selfId: () => string | undefined;
  readonly #expiry = new Map<string, ReturnType<typeof setTimeout>>();
  #lastSentMs = 0;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(roomId: string, selfId: () => string | undefined) {
    this.#roomId = roomId;
    this.#selfId = selfId;
  }

  receive(event: TypingEvent): void {
    if (event.user.id === this.#selfId()) return;
    if (!event.typing) {
      this.forget(event.user.id);
      return;
    }
    clearTimeout(this.#expiry.get(event.user.id));
    this.#expiry.set(
      event.user.id,
      setTimeout(() => this.forget(event.user.id), TYPING_SHOWN_MS),
    );
    if (!this.typists.some((user) => user.id === event.user.id)) this.typists.push(event.user);
  }

  forget(userId: string): void {
    clearTimeout(this.#expiry.get(userId));
    this.#expiry.delete(userId);
    if (this.typists.some((user) => user.id === userId)) {
      this.typists = this.typists.filter((user) => user.id !== userId);
    }
  }

  /** The composer changed. */
  input(): void {
    const now = Date.now();
    if (now - this.#lastSentMs >= TYPING_THROTTLE_MS) {
      this.#lastSentMs = now;
      connection.sendTyping({ roomId: this.#roomId, typing: true });
    }
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.stopped(), TYPING_IDLE_MS);
  }

  /** Sent, emptied, or paused: tell the others straight away. */
  stopped(): void {
    clearTimeout(this.#idleTimer);
    if (this.#lastSentMs === 0) return;
    this.#lastSentMs = 0;
    connection.sendTyping({ roomId: this.#roomId, typing: false });
  }

  close(): void {
    this.stopped();
    for (const timer of this.#expiry.values()) clearTimeout(timer);
    this.#expiry.clear();
    this.typists = [];
  }
}
