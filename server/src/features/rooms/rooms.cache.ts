import { z } from "zod";
import type { RedisClient } from "../../platform/redis";
import { onRoomChange, type RoomChange } from "./rooms.changes";
import { roomsKeys } from "./rooms.keys";
import { Room, type RoomDoc, RoomMember, type RoomMemberDoc } from "./rooms.model";

/** A safety net only: every write through the models drops its entries at once, on every node. */
const ENTRY_TTL_MS = 30_000;
const MAX_ENTRIES = 50_000;

const changeSchema = z.object({ origin: z.string(), roomId: z.string().optional(), userId: z.string().optional() });

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/**
 * Rooms and memberships as the per-command access check reads them, held in this node's memory so
 * a command costs no query. Every write through the Room and RoomMember models (on any node) is
 * announced on Redis and drops the entries it touched on every node within milliseconds; a read
 * that raced an invalidation is used once but not kept.
 */
export class RoomAccessCache {
  readonly #rooms = new Map<string, Entry<RoomDoc | null>>();
  readonly #members = new Map<string, Entry<RoomMemberDoc | null>>();
  /** Bumped by every invalidation: a read that started before one must not be cached. */
  #epoch = 0;
  readonly #stopListening: () => void;

  private constructor(
    private readonly redis: RedisClient,
    private readonly sub: RedisClient,
    private readonly prefix: string,
    private readonly nodeId: string,
  ) {
    this.#stopListening = onRoomChange((change) => {
      this.#drop(change);
      const message = JSON.stringify({ origin: nodeId, ...change });
      redis.publish(roomsKeys.changes(prefix), message).catch(() => this.#clear());
    });
    sub.on("message", (channel: string, message: string) => {
      if (channel !== roomsKeys.changes(prefix)) return;
      const parsed = changeSchema.safeParse(safeJson(message));
      // Unreadable news of a change is still news: forget everything rather than keep stale access.
      if (!parsed.success) this.#clear();
      else if (parsed.data.origin !== nodeId) this.#drop(parsed.data);
    });
  }

  static async create(opts: {
    redis: RedisClient;
    sub: RedisClient;
    prefix: string;
    nodeId: string;
  }): Promise<RoomAccessCache> {
    await opts.sub.subscribe(roomsKeys.changes(opts.prefix));
    return new RoomAccessCache(opts.redis, opts.sub, opts.prefix, opts.nodeId);
  }

  room(roomId: string): Promise<RoomDoc | null> {
    return this.#read(this.#rooms, roomId, () => Room.findById(roomId));
  }

  member(roomId: string, userId: string): Promise<RoomMemberDoc | null> {
    return this.#read(this.#members, `${roomId}:${userId}`, () => RoomMember.findOne({ roomId, userId }));
  }

  async close(): Promise<void> {
    this.#stopListening();
    this.#clear();
    await this.sub.unsubscribe(roomsKeys.changes(this.prefix)).catch(() => undefined);
  }

  async #read<T>(map: Map<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const entry = map.get(key);
    if (entry && entry.expiresAt > Date.now()) return entry.value;
    const epoch = this.#epoch;
    const value = await load();
    if (epoch === this.#epoch) {
      if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as string);
      map.set(key, { value, expiresAt: Date.now() + ENTRY_TTL_MS });
    }
    return value;
  }

  #drop({ roomId, userId }: RoomChange): void {
    this.#epoch += 1;
    if (!roomId && !userId) {
      this.#clear();
      return;
    }
    if (roomId && userId) {
      this.#members.delete(`${roomId}:${userId}`);
      return;
    }
    if (roomId) this.#rooms.delete(roomId);
    for (const key of this.#members.keys()) {
      const [room, user] = key.split(":");
      if ((!roomId || room === roomId) && (!userId || user === userId)) this.#members.delete(key);
    }
  }

  #clear(): void {
    this.#epoch += 1;
    this.#rooms.clear();
    this.#members.clear();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
