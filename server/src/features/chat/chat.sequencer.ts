import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "../../platform/errors";
import { insertOrdered } from "../../platform/mongo";
import { probe } from "../../platform/probe";
import type { RedisClient } from "../../platform/redis";
import { chatKeys } from "./chat.keys";
import { Message, type MessageDoc } from "./chat.model";

const MAX_ATTEMPTS = 50;
/** Messages written by one insert; more wait for the next round trip. */
const MAX_BATCH = 256;
const TURN_LEASE_MS = 2_000;
const TURN_WAIT_MS = 3_000;
const LAST_SEQ_TTL_SECONDS = 24 * 3600;

/** Deletes the turn key only if this holder still owns it. */
const RELEASE_TURN = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

export type NewMessage = Omit<ConstructorParameters<typeof Message>[0] & object, "seq" | "roomId">;

/** One message waiting for its number, and its sender waiting for the answer. */
interface Pending {
  fields: NewMessage;
  /** Finds the same message when a resend was stored first. */
  resent: () => Promise<MessageDoc | null>;
  resolve: (result: { doc: MessageDoc; created: boolean }) => void;
  reject: (error: unknown) => void;
}

/**
 * Numbers a room's messages 1, 2, 3… without gaps and stores them group-committed: messages that
 * arrive while a write is in flight go together in the next `insertMany`, so a busy room costs one
 * round trip per batch instead of per message, and an idle one adds no delay.
 *
 * A number is taken by inserting with it: the unique (roomId, seq) index lets exactly one insert
 * win each number, so numbers never repeat or skip whatever else fails. An ordered insert stores
 * the batch's messages up to the first refused one; that one is either a resend (found and
 * answered as such) or lost its number to another node (the rest are numbered again). To keep
 * nodes from racing for the same numbers, a node holds the room's turn in Redis — a short lease —
 * around each batch and leaves the last number there for the next holder. A batch that fails
 * otherwise (the database is down) fails each of its senders; their resends, deduplicated by the
 * (roomId, authorId, clientMsgId) index, are harmless.
 */
export class ChatSequencer {
  readonly #queues = new Map<string, Pending[]>();

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** Called with each batch's newly stored messages, in order, before their senders hear back. */
    private readonly onStored: (roomId: string, stored: MessageDoc[]) => Promise<void>,
  ) {}

  /** Stores `fields` with the room's next number; resolves once it is in the database. */
  insert(
    roomId: string,
    fields: NewMessage,
    resent: () => Promise<MessageDoc | null>,
  ): Promise<{ doc: MessageDoc; created: boolean }> {
    return new Promise((resolve, reject) => {
      const queue = this.#queues.get(roomId);
      const pending = { fields, resent, resolve, reject };
      if (queue) {
        queue.push(pending);
        return;
      }
      this.#queues.set(roomId, [pending]);
      void this.#drain(roomId);
    });
  }

  /** Writes the room's queue batch by batch until it is empty, then forgets the room. */
  async #drain(roomId: string): Promise<void> {
    const queue = this.#queues.get(roomId)!;
    // Let the senders of this tick join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      probe.batch("chat_messages", batch.length);
      await this.#withTurn(roomId, () => this.#store(roomId, batch)).catch((error: unknown) => {
        for (const pending of batch) pending.reject(error);
      });
    }
    this.#queues.delete(roomId);
  }

  async #store(roomId: string, batch: Pending[]): Promise<void> {
    const lastKey = chatKeys.lastSeq(this.prefix, roomId);
    const known = await this.redis.get(lastKey);
    let next = known === null ? await this.#readNext(roomId) : Number(known) + 1;
    let remaining = batch;
    const settled: Array<() => void> = [];
    const created: MessageDoc[] = [];
    try {
      for (let attempt = 0; remaining.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS) throw new AppError("unavailable", "the room is too busy; send again");
        const docs = remaining.map(
          (p, i) => new Message({ ...p.fields, roomId, seq: next + i, createdAt: new Date() }),
        );
        const stored = await insertOrdered(
          Message,
          docs.map((d) => d.toObject({ depopulate: true })),
        );
        for (let i = 0; i < stored; i++) {
          const pending = remaining[i]!;
          const doc = docs[i]!;
          created.push(doc);
          settled.push(() => pending.resolve({ doc, created: true }));
        }
        if (stored === remaining.length) break;
        // The first refused message: a resend of a stored one, or its number was taken.
        const refused = remaining[stored]!;
        const existing = await refused.resent();
        if (existing) {
          settled.push(() => refused.resolve({ doc: existing, created: false }));
          next += stored;
          remaining = remaining.slice(stored + 1);
        } else {
          next = await this.#readNext(roomId);
          remaining = remaining.slice(stored);
          if (attempt > 2) await sleep(Math.random() * Math.min(50, attempt * 2));
        }
      }
    } finally {
      // What was stored is answered even when the rest of the batch failed.
      const last = created.at(-1);
      if (last) {
        await this.redis.set(lastKey, String(last.seq), "EX", LAST_SEQ_TTL_SECONDS).catch(() => undefined);
        // The hook keeps derived views; the messages are stored whatever it does.
        await this.onStored(roomId, created).catch(() => undefined);
      }
      for (const answer of settled) answer();
    }
  }

  /** Runs `fn` holding the room's turn; after waiting too long it runs anyway and lets the index decide. */
  async #withTurn<T>(roomId: string, fn: () => Promise<T>): Promise<T> {
    const key = chatKeys.seqTurn(this.prefix, roomId);
    const token = randomUUID();
    const deadline = Date.now() + TURN_WAIT_MS;
    let held = false;
    for (let wait = 1; Date.now() < deadline; wait = Math.min(wait * 2, 20)) {
      held = (await this.redis.set(key, token, "PX", TURN_LEASE_MS, "NX")) === "OK";
      if (held) break;
      await sleep(wait);
    }
    try {
      return await fn();
    } finally {
      if (held) await this.redis.eval(RELEASE_TURN, 1, key, token).catch(() => undefined);
    }
  }

  async #readNext(roomId: string): Promise<number> {
    const last = await Message.findOne({ roomId }, { seq: 1 }).sort({ seq: -1 });
    return (last?.seq ?? 0) + 1;
  }
}
