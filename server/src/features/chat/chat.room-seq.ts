import type { Logger } from "../../platform/logger";
import { Room } from "../rooms/rooms.model";

/**
 * Keeps each room document's `lastSeq` (what room lists count unread messages against) up with its
 * stored messages, off the senders' path: a busy room's batches are folded into one `$max` update at
 * a time, and senders never wait for it. It is a hint that may trail by a write: numbering reads
 * Redis and the messages themselves, never this field; `$max` keeps it from moving back however
 * writes interleave across nodes.
 */
export class RoomSeqWriter {
  /** Rooms with a write in flight → the number the room must reach next. */
  readonly #due = new Map<string, number>();

  constructor(private readonly logger: Logger) {}

  advance(roomId: string, lastSeq: number): void {
    const writing = this.#due.has(roomId);
    this.#due.set(roomId, Math.max(lastSeq, this.#due.get(roomId) ?? 0));
    if (!writing) void this.#write(roomId);
  }

  async #write(roomId: string): Promise<void> {
    for (;;) {
      const target = this.#due.get(roomId)!;
      await Room.updateOne({ _id: roomId }, { $max: { lastSeq: target } }).catch((error: unknown) => {
        this.logger.warn({ err: error, roomId }, "could not update a room's last number; the next batch will");
      });
      if (this.#due.get(roomId) === target) {
        this.#due.delete(roomId);
        return;
      }
    }
  }
}
