import type { ChatMessage } from "./chat";

/**
 * A client's replica of one room's messages. Sequence numbers are gapless, so the log knows
 * exactly what it is missing: messages may arrive out of order (two nodes publish independently)
 * or twice (a live push and a catch-up page); the log keeps one copy of each, in seq order, and
 * `contiguousSeq` is the point to ask `chat:since` from after any reconnect.
 */
export class ChatLog {
  readonly #bySeq = new Map<number, ChatMessage>();
  #contiguous: number;

  constructor(startAfterSeq = 0) {
    this.#contiguous = startAfterSeq;
  }

  /** Adds or replaces (edits, reactions) a message; returns false when it was already held unchanged. */
  add(message: ChatMessage): boolean {
    const held = this.#bySeq.get(message.seq);
    if (
      held &&
      held.editedAt === message.editedAt &&
      held.deletedAt === message.deletedAt &&
      sameReactions(held, message)
    ) {
      return false;
    }
    this.#bySeq.set(message.seq, message);
    while (this.#bySeq.has(this.#contiguous + 1)) this.#contiguous += 1;
    return true;
  }

  /** Every seq up to this one is held. */
  get contiguousSeq(): number {
    return this.#contiguous;
  }

  /** A message beyond a hole arrived: ask for what is missing. */
  get hasGap(): boolean {
    return this.#bySeq.size > 0 && this.highestSeq > this.#contiguous;
  }

  get highestSeq(): number {
    let max = 0;
    for (const seq of this.#bySeq.keys()) max = Math.max(max, seq);
    return max;
  }

  get size(): number {
    return this.#bySeq.size;
  }

  /** Messages in seq order. */
  messages(): ChatMessage[] {
    return [...this.#bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  get(seq: number): ChatMessage | undefined {
    return this.#bySeq.get(seq);
  }
}

function sameReactions(a: ChatMessage, b: ChatMessage): boolean {
  return JSON.stringify(a.reactions) === JSON.stringify(b.reactions);
}
