import { type ChatMessage, chatMessageSchema } from "@chalkline/shared";
import type { RedisClient } from "../../platform/redis";
import { chatKeys } from "./chat.keys";

/** How many of a room's newest messages Redis keeps: the first screen and any short catch-up. */
export const RECENT_WINDOW = 500;
/** An idle room's window is dropped; the next read rebuilds it from the database. */
const RECENT_TTL_SECONDS = 7 * 24 * 3600;
const SENT_TTL_SECONDS = 3600;

/**
 * The newest messages of each room as clients see them, in a Redis hash keyed by seq, so history
 * and catch-up after a reconnect read Redis instead of querying messages. Numbers are gapless, so a
 * read knows exactly which seqs it needs and uses the window only when all of them are there;
 * anything missing (Redis restarted, a batch from another node not added yet, an old page) is read
 * from the database, which stays the truth, and added back. A window entry is written after its
 * message is stored and before anyone is told of it.
 */
export class RecentMessages {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** Newly stored messages of one room, in order; also remembers what each client message id became. */
  async added(roomId: string, messages: ChatMessage[]): Promise<void> {
    const last = messages.at(-1);
    if (!last) return;
    const key = chatKeys.recent(this.prefix, roomId);
    const multi = this.redis.multi();
    multi.hset(key, ...messages.flatMap((m) => [String(m.seq), JSON.stringify(m)]));
    // Drop what slid out of the window: the seqs the window passed with this batch.
    const outOfWindow = seqRange(Math.max(1, messages[0]!.seq - RECENT_WINDOW), last.seq - RECENT_WINDOW);
    if (outOfWindow.length > 0) multi.hdel(key, ...outOfWindow.map(String));
    multi.expire(key, RECENT_TTL_SECONDS);
    for (const m of messages) {
      multi.set(
        chatKeys.sent(this.prefix, roomId, m.author.id, m.clientMsgId),
        JSON.stringify(m),
        "EX",
        SENT_TTL_SECONDS,
      );
    }
    await multi.exec();
  }

  /** A message changed (edit, delete, reaction): its window entry, if the window may hold it, follows. */
  async changed(message: ChatMessage): Promise<void> {
    await this.redis.hset(chatKeys.recent(this.prefix, message.roomId), String(message.seq), JSON.stringify(message));
  }

  /** Read from the database: added where the window has no newer copy (a change may have raced the read). */
  async refill(roomId: string, messages: ChatMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const key = chatKeys.recent(this.prefix, roomId);
    const multi = this.redis.multi();
    for (const m of messages) multi.hsetnx(key, String(m.seq), JSON.stringify(m));
    multi.expire(key, RECENT_TTL_SECONDS);
    await multi.exec();
  }

  /** Every message of the room changed at once (cleared): the window is rebuilt on the next read. */
  async forget(roomId: string): Promise<void> {
    await this.redis.del(chatKeys.recent(this.prefix, roomId));
  }

  /** Messages `from`..`to` in order, or null unless the window holds every one of them. */
  async range(roomId: string, from: number, to: number): Promise<ChatMessage[] | null> {
    if (to < from) return [];
    const values = await this.redis.hmget(chatKeys.recent(this.prefix, roomId), ...seqRange(from, to).map(String));
    const messages: ChatMessage[] = [];
    for (const value of values) {
      if (value === null) return null;
      messages.push(parse(value));
    }
    return messages;
  }

  /** The stored message a client message id became, while it is remembered. */
  async sent(roomId: string, authorId: string, clientMsgId: string): Promise<ChatMessage | null> {
    const value = await this.redis.get(chatKeys.sent(this.prefix, roomId, authorId, clientMsgId));
    return value === null ? null : parse(value);
  }

  /** The room's last message number as the last writer left it, or null when Redis does not know. */
  async lastSeq(roomId: string): Promise<number | null> {
    const value = await this.redis.get(chatKeys.lastSeq(this.prefix, roomId));
    return value === null ? null : Number(value);
  }
}

function seqRange(from: number, to: number): number[] {
  return to < from ? [] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Redis holds what this server wrote, but a value that does not parse is a bug, not data. */
function parse(value: string): ChatMessage {
  return chatMessageSchema.parse(JSON.parse(value));
}
