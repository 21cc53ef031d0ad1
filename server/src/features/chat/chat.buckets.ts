import { type ChatMessage, chatMessageSchema } from "@chalkline/shared";
import mongoose from "mongoose";
import { isDuplicateKey } from "../../platform/mongo";
import { Message } from "./chat.model";
import { toMessageView } from "./chat.view";

/** Consecutive seqs per bucket document: a page of history (≤ 100 messages) spans at most two. */
export const BUCKET_SIZE = 100;

/**
 * A room's messages folded into documents of BUCKET_SIZE consecutive seqs (`_id` "<roomId>:<n>",
 * seq s in bucket ⌊(s−1)/100⌋ at slot (s−1) mod 100, as clients see it), so a page older than the
 * Redis window reads one or two documents by `_id` instead of querying messages, which the embedded
 * store answers by scanning the whole collection. Messages stay the truth: each slot is written
 * with `$set` after its batch is stored, and again after an edit, delete or reaction (so writing
 * one twice is harmless); a bucket missing or lacking a slot a page needs (written before buckets
 * existed, or its write failed) is rebuilt from messages.
 */
const bucketSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    roomId: { type: mongoose.Schema.Types.ObjectId, required: true },
    /** Slot ("0".."99") → the message as clients see it. */
    items: { type: mongoose.Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);
// Clearing a room drops its buckets.
bucketSchema.index({ roomId: 1 });
const MessageBucket = mongoose.model("MessageBucket", bucketSchema, "messageBuckets");

interface BucketRecord {
  _id: string;
  items: Record<string, unknown>;
}

const bucketOf = (seq: number) => Math.floor((seq - 1) / BUCKET_SIZE);
const slotOf = (seq: number) => String((seq - 1) % BUCKET_SIZE);
const bucketId = (roomId: string, bucket: number) => `${roomId}:${bucket}`;

export class MessageBuckets {
  /** Each room's fold in flight on this node, which a change waits for so it is not overwritten. */
  readonly #folding = new Map<string, Promise<unknown>>();

  /** Newly stored messages of one room. */
  added(roomId: string, messages: ChatMessage[]): Promise<void> {
    const fold = this.#fold(roomId, messages);
    const settled = fold.catch(() => {});
    this.#folding.set(roomId, settled);
    void settled.then(() => {
      if (this.#folding.get(roomId) === settled) this.#folding.delete(roomId);
    });
    return fold;
  }

  async #fold(roomId: string, messages: ChatMessage[]): Promise<void> {
    const byBucket = new Map<number, Record<string, ChatMessage>>();
    for (const m of messages) {
      const slots = byBucket.get(bucketOf(m.seq)) ?? {};
      slots[`items.${slotOf(m.seq)}`] = m;
      byBucket.set(bucketOf(m.seq), slots);
    }
    await Promise.all([...byBucket].map(([bucket, slots]) => this.#write(roomId, bucket, slots)));
  }

  /** A message changed: its slot follows, if its bucket exists (a missing one is rebuilt when read). */
  async changed(message: ChatMessage): Promise<void> {
    await this.#folding.get(message.roomId);
    await MessageBucket.updateOne(
      { _id: bucketId(message.roomId, bucketOf(message.seq)) },
      { $set: { [`items.${slotOf(message.seq)}`]: message } },
    );
  }

  /** Every message of the room changed at once (cleared): its buckets are rebuilt when read. */
  async forget(roomId: string): Promise<void> {
    await MessageBucket.deleteMany({ roomId });
  }

  /**
   * Messages `from`..`to` in order, from their buckets, rebuilding from messages those that lack
   * one of them; null when messages lack one too (a seq not stored yet).
   */
  async range(roomId: string, from: number, to: number): Promise<ChatMessage[] | null> {
    const buckets = Array.from({ length: bucketOf(to) - bucketOf(from) + 1 }, (_, i) => bucketOf(from) + i);
    const found = await MessageBucket.find({ _id: { $in: buckets.map((b) => bucketId(roomId, b)) } }).lean<
      BucketRecord[]
    >();
    const items = new Map(found.map((b) => [b._id, b.items]));
    const seqs = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const lacking = new Set(seqs.filter((s) => !items.get(bucketId(roomId, bucketOf(s)))?.[slotOf(s)]).map(bucketOf));
    const rebuilt =
      lacking.size > 0 ? await this.#rebuild(roomId, [...lacking], items) : new Map<number, ChatMessage>();
    const messages: ChatMessage[] = [];
    for (const seq of seqs) {
      const stored = rebuilt.get(seq) ?? items.get(bucketId(roomId, bucketOf(seq)))?.[slotOf(seq)];
      if (!stored) return null;
      messages.push(chatMessageSchema.parse(stored));
    }
    return messages;
  }

  /** Reads the buckets' messages (one query) and writes the slots each lacks. */
  async #rebuild(
    roomId: string,
    buckets: number[],
    found: Map<string, Record<string, unknown>>,
  ): Promise<Map<number, ChatMessage>> {
    const first = Math.min(...buckets) * BUCKET_SIZE + 1;
    const last = (Math.max(...buckets) + 1) * BUCKET_SIZE;
    const docs = await Message.find({ roomId, seq: { $gte: first, $lte: last } });
    const views = new Map(docs.map((doc) => [doc.seq, toMessageView(doc)]));
    await Promise.all(
      buckets.map((bucket) => {
        const present = found.get(bucketId(roomId, bucket)) ?? {};
        const slots: Record<string, ChatMessage> = {};
        for (const [seq, view] of views) {
          if (bucketOf(seq) === bucket && !present[slotOf(seq)]) slots[`items.${slotOf(seq)}`] = view;
        }
        return Object.keys(slots).length > 0 ? this.#write(roomId, bucket, slots) : undefined;
      }),
    );
    return views;
  }

  async #write(roomId: string, bucket: number, slots: Record<string, ChatMessage>): Promise<void> {
    const _id = bucketId(roomId, bucket);
    const update = { $set: slots, $setOnInsert: { roomId } };
    try {
      await MessageBucket.updateOne({ _id }, update, { upsert: true });
    } catch (error) {
      // Another node created the bucket at the same moment: it exists now.
      if (!isDuplicateKey(error)) throw error;
      await MessageBucket.updateOne({ _id }, { $set: slots });
    }
  }
}
