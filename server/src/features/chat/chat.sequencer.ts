import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import { chatKeys } from "./chat.keys";
import { Message, type MessageDoc } from "./chat.model";

const MAX_ATTEMPTS = 50;
const TURN_LEASE_MS = 2_000;
const TURN_WAIT_MS = 3_000;

/** Deletes the turn key only if this holder still owns it. */
const RELEASE_TURN = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

type NewMessage = Omit<ConstructorParameters<typeof Message>[0] & object, "seq">;

/**
 * Takes the next gapless seq of a room by inserting with it: the unique (roomId, seq) index lets
 * exactly one insert win each number, so numbers never repeat or skip whatever else fails.
 * To keep nodes from racing for the same number (and one of them losing again and again), a node
 * takes the room's turn in Redis — a short lease — around read-and-insert, and leaves the number
 * it used there for the next holder. Within a node, inserts into one room go one at a time. If
 * Redis forgets the number or a lease runs out mid-insert, the unique index still decides and the
 * loser reads the number again from the store.
 */
export class ChatSequencer {
  readonly #tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Inserts `fields` with the next seq; `resent()` finds the same message if a concurrent resend won. */
  insert(
    roomId: string,
    fields: NewMessage,
    resent: () => Promise<MessageDoc | null>,
  ): Promise<{ doc: MessageDoc; created: boolean }> {
    const run = () => this.#withTurn(roomId, () => this.#insert(roomId, fields, resent));
    const result = (this.#tails.get(roomId) ?? Promise.resolve()).then(run, run);
    const tail = result.catch(() => undefined);
    this.#tails.set(roomId, tail);
    void tail.then(() => {
      if (this.#tails.get(roomId) === tail) this.#tails.delete(roomId);
    });
    return result;
  }

  async #insert(roomId: string, fields: NewMessage, resent: () => Promise<MessageDoc | null>) {
    const lastKey = chatKeys.lastSeq(this.prefix, roomId);
    let known = await this.redis.get(lastKey);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const seq = known === null ? await this.#readNext(roomId) : Number(known) + 1;
      try {
        const doc = await Message.create({ ...fields, roomId, seq });
        await this.redis.set(lastKey, String(seq), "EX", 24 * 3600);
        return { doc, created: true };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const existing = await resent();
        if (existing) return { doc: existing, created: false };
        known = null;
        if (attempt > 2) await sleep(Math.random() * Math.min(50, attempt * 2));
      }
    }
    throw new AppError("unavailable", "the room is too busy; send again");
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
      if (held) await this.redis.eval(RELEASE_TURN, 1, key, token);
    }
  }

  async #readNext(roomId: string): Promise<number> {
    const last = await Message.findOne({ roomId }, { seq: 1 }).sort({ seq: -1 });
    return (last?.seq ?? 0) + 1;
  }
}
