import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "../../platform/errors";
import { Message, type MessageDoc } from "./chat.model";

const MAX_ATTEMPTS = 200;
const isDuplicateKey = (e: unknown) => (e as { code?: number })?.code === 11000;

type NewMessage = Omit<ConstructorParameters<typeof Message>[0] & object, "seq">;

/**
 * Takes the next gapless seq of a room by inserting with it; the unique (roomId, seq) index lets
 * exactly one insert win each number, across every node. Within a node, inserts into one room go
 * one at a time and start from the number after this node's last insert, so concurrent senders do
 * not race each other; only another node's insert can make an attempt fail, and then the number
 * is read again from the store.
 */
export class ChatSequencer {
  readonly #tails = new Map<string, Promise<unknown>>();
  readonly #nextSeq = new Map<string, number>();

  /** Inserts `fields` with the next seq; `resent()` finds the same message if a concurrent resend won. */
  insert(
    roomId: string,
    fields: NewMessage,
    resent: () => Promise<MessageDoc | null>,
  ): Promise<{ doc: MessageDoc; created: boolean }> {
    const run = async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const seq = this.#nextSeq.get(roomId) ?? (await this.#readNext(roomId));
        try {
          const doc = await Message.create({ ...fields, roomId, seq });
          this.#nextSeq.set(roomId, seq + 1);
          return { doc, created: true };
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          this.#nextSeq.delete(roomId);
          const existing = await resent();
          if (existing) return { doc: existing, created: false };
          if (attempt > 2) await sleep(Math.random() * Math.min(50, attempt * 2));
        }
      }
      throw new AppError("unavailable", "the room is too busy; send again");
    };
    const result = (this.#tails.get(roomId) ?? Promise.resolve()).then(run, run);
    const tail = result.catch(() => undefined);
    this.#tails.set(roomId, tail);
    void tail.then(() => {
      if (this.#tails.get(roomId) === tail) this.#tails.delete(roomId);
    });
    return result;
  }

  /** A clear or another node may have moved on; start from the store next time. */
  forget(roomId: string): void {
    this.#nextSeq.delete(roomId);
  }

  async #readNext(roomId: string): Promise<number> {
    const last = await Message.findOne({ roomId }, { seq: 1 }).sort({ seq: -1 });
    return (last?.seq ?? 0) + 1;
  }
}
