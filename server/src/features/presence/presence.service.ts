import { PRESENCE_HEARTBEAT_MS, PRESENCE_TTL_MS } from "@chalkline/shared";
import { z } from "zod";
import { AppError } from "../../platform/errors";
import type { RedisClient } from "../../platform/redis";
import { presenceKeys } from "./presence.keys";
import { decodeMember, encodeMember, socketPrefix, userPrefix } from "./presence.members";
import { presenceScripts } from "./presence.scripts";

export const PRESENCE_SWEEP_MS = 5_000;
/** A socket id that left is refused by `join` for this long (a join racing its own disconnect). */
const DEPARTED_MEMORY_MS = 5 * 60_000;

export interface PresenceOptions {
  /** Command connection. */
  redis: RedisClient;
  /** REDIS_KEY_PREFIX */
  prefix: string;
  /** SERVER_ID, unique per node. */
  nodeId: string;
  /** Called on the node whose sweep removed a user's last expired entry in a room (a dead node's ghost). */
  onExpired: (roomId: string, userId: string) => void;
  /** An entry not refreshed for this long is not live. Default PRESENCE_TTL_MS. */
  ttlMs?: number;
  /** How often this node refreshes its entries; must be below ttlMs. Default PRESENCE_HEARTBEAT_MS. */
  heartbeatMs?: number;
  /** How often this node looks for expired entries. Default PRESENCE_SWEEP_MS. */
  sweepMs?: number;
  /** A failed heartbeat or sweep (retried on the next tick), or an `onExpired` that threw. */
  onError?: (error: unknown) => void;
}

const flagReply = z.union([z.literal(0), z.literal(1)]);
const stringsReply = z.array(z.string());

/**
 * Who is in each room right now, across every node.
 *
 * Each socket in a room is one entry in Redis, refreshed by its node's heartbeat; an entry not
 * refreshed within `ttlMs` is not live, and every node's sweep removes such entries and reports
 * each departure once. Times come from the Redis server's clock (`TIME` inside the scripts), so
 * nodes on different machines agree on what has expired without synchronised clocks.
 *
 * The node keeps its own entries in memory and refreshes only those: a node restarted under the
 * same SERVER_ID never keeps its previous life's entries alive, and nothing per node or per
 * socket is left in Redis when a node dies.
 */
export class PresenceService {
  private readonly redis: RedisClient;
  private readonly prefix: string;
  private readonly nodeId: string;
  private readonly onExpired: PresenceOptions["onExpired"];
  private readonly onError: (error: unknown) => void;
  private readonly ttlMs: number;
  /** Room keys outlive their entries so a sweep always sees a ghost before its key expires. */
  private readonly keyTtlMs: number;
  /** roomId → members this node wrote there. */
  private readonly byRoom = new Map<string, Set<string>>();
  /** socketId → rooms it is in on this node. */
  private readonly bySocket = new Map<string, Set<string>>();
  /** socketId → when it left; pruned by the heartbeat. */
  private readonly departed = new Map<string, number>();
  private readonly timers: NodeJS.Timeout[];
  private heartbeating = false;
  private sweeping = false;
  private closing: Promise<void> | undefined;

  private constructor(opts: Required<Omit<PresenceOptions, "onError">> & Pick<PresenceOptions, "onError">) {
    this.redis = opts.redis;
    this.prefix = opts.prefix;
    this.nodeId = opts.nodeId;
    this.onExpired = opts.onExpired;
    this.onError = opts.onError ?? (() => {});
    this.ttlMs = opts.ttlMs;
    this.keyTtlMs = 2 * opts.ttlMs + opts.sweepMs;
    this.timers = [
      setInterval(() => void this.heartbeat(), opts.heartbeatMs).unref(),
      setInterval(() => void this.sweep(), opts.sweepMs).unref(),
    ];
  }

  /** Starts the heartbeat and sweep timers (unref'd: they never keep the process alive). */
  static create(opts: PresenceOptions): PresenceService {
    const ttlMs = opts.ttlMs ?? PRESENCE_TTL_MS;
    const heartbeatMs = opts.heartbeatMs ?? PRESENCE_HEARTBEAT_MS;
    const sweepMs = opts.sweepMs ?? PRESENCE_SWEEP_MS;
    if (!(heartbeatMs > 0 && heartbeatMs < ttlMs)) {
      throw new Error(`presence heartbeatMs (${heartbeatMs}) must be positive and below ttlMs (${ttlMs})`);
    }
    if (!(sweepMs > 0)) throw new Error(`presence sweepMs (${sweepMs}) must be positive`);
    if (opts.nodeId.length === 0) throw new Error("presence nodeId must be non-empty");
    return new PresenceService({ ...opts, ttlMs, heartbeatMs, sweepMs });
  }

  /**
   * Marks the socket present in the room. `firstForUser`: the user had no live entry in the room
   * before (a repeated join of the same socket is not first). A socket that already left
   * (`leaveAll`) is not added again: its join raced its disconnect.
   */
  async join(roomId: string, socketId: string, userId: string): Promise<{ firstForUser: boolean }> {
    if (this.closing) throw new AppError("unavailable", "the server is shutting down");
    if (this.departed.has(socketId)) return { firstForUser: false };
    const member = encodeMember({ userId, socketId, nodeId: this.nodeId });
    // The local index changes before the first await, so a leave issued right after is ordered after.
    this.index(roomId, socketId, member);
    const reply = await presenceScripts.join.run(this.redis, this.roomKeys(roomId), [
      member,
      userPrefix(userId),
      roomId,
      this.ttlMs,
      this.keyTtlMs,
    ]);
    return { firstForUser: flagReply.parse(reply) === 1 };
  }

  /**
   * Removes the socket from the room, whichever node it is on. `lastForUser`: this call made the
   * user absent (no live entry remains), so the caller reports the departure; false when the
   * socket was not there or another call or sweep already reported it.
   */
  async leave(roomId: string, socketId: string, userId: string): Promise<{ lastForUser: boolean }> {
    this.unindex(roomId, socketId, encodeMember({ userId, socketId, nodeId: this.nodeId }));
    const reply = await presenceScripts.leave.run(this.redis, this.roomKeys(roomId), [
      socketPrefix(userId, socketId),
      userPrefix(userId),
      roomId,
      this.ttlMs,
    ]);
    return { lastForUser: flagReply.parse(reply) === 1 };
  }

  /**
   * Removes the socket from every room it joined on this node (call it on disconnect); returns
   * the rooms where it was the user's last socket. Later joins of this socket id are ignored.
   */
  async leaveAll(socketId: string, userId: string): Promise<string[]> {
    this.departed.set(socketId, Date.now());
    const roomIds = [...(this.bySocket.get(socketId) ?? [])];
    const results = await Promise.all(
      roomIds.map(async (roomId) => ((await this.leave(roomId, socketId, userId)).lastForUser ? roomId : undefined)),
    );
    return results.filter((roomId): roomId is string => roomId !== undefined);
  }

  /** Distinct ids of users with a live entry in the room, ordered by when they joined. */
  async onlineUserIds(roomId: string): Promise<string[]> {
    const keys = this.roomKeys(roomId);
    const reply = await presenceScripts.online.run(this.redis, [keys[0], keys[1]], [this.ttlMs]);
    return stringsReply.parse(reply);
  }

  /**
   * Stops the timers and removes this node's entries at once, without reporting departures:
   * disconnect sockets first so `leaveAll` reports them. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const timer of this.timers) clearInterval(timer);
      const rooms = [...this.byRoom];
      this.byRoom.clear();
      this.bySocket.clear();
      this.departed.clear();
      await Promise.all(
        rooms.map(([roomId, members]) =>
          presenceScripts.remove.run(this.redis, this.roomKeys(roomId), [roomId, ...members]),
        ),
      );
    })();
    return this.closing;
  }

  private async heartbeat(): Promise<void> {
    if (this.heartbeating || this.closing) return;
    this.heartbeating = true;
    try {
      const forgetBefore = Date.now() - DEPARTED_MEMORY_MS;
      for (const [socketId, at] of this.departed) if (at < forgetBefore) this.departed.delete(socketId);
      await Promise.all(
        [...this.byRoom].map(async ([roomId, members]) => {
          if (members.size === 0) return;
          const reply = await presenceScripts.heartbeat.run(this.redis, this.roomKeys(roomId), [
            roomId,
            this.keyTtlMs,
            ...members,
          ]);
          // Removed elsewhere (a leave from another node, or a sweep after this node stalled):
          // that departure was already reported, so stop refreshing the entry.
          for (const member of stringsReply.parse(reply)) {
            this.unindex(roomId, decodeMember(member).socketId, member);
          }
        }),
      );
    } catch (error) {
      this.onError(error);
    } finally {
      this.heartbeating = false;
    }
  }

  private async sweep(): Promise<void> {
    if (this.sweeping || this.closing) return;
    this.sweeping = true;
    try {
      const roomIds = await this.redis.smembers(presenceKeys.rooms(this.prefix));
      await Promise.all(
        roomIds.map(async (roomId) => {
          const reply = await presenceScripts.sweep.run(this.redis, this.roomKeys(roomId), [roomId, this.ttlMs]);
          for (const userId of stringsReply.parse(reply)) {
            try {
              this.onExpired(roomId, userId);
            } catch (error) {
              this.onError(error);
            }
          }
        }),
      );
    } catch (error) {
      this.onError(error);
    } finally {
      this.sweeping = false;
    }
  }

  private roomKeys(roomId: string): [room: string, order: string, rooms: string] {
    return [
      presenceKeys.room(this.prefix, roomId),
      presenceKeys.order(this.prefix, roomId),
      presenceKeys.rooms(this.prefix),
    ];
  }

  private index(roomId: string, socketId: string, member: string): void {
    const members = this.byRoom.get(roomId) ?? new Set<string>();
    this.byRoom.set(roomId, members.add(member));
    const rooms = this.bySocket.get(socketId) ?? new Set<string>();
    this.bySocket.set(socketId, rooms.add(roomId));
  }

  private unindex(roomId: string, socketId: string, member: string): void {
    const members = this.byRoom.get(roomId);
    members?.delete(member);
    if (members?.size === 0) this.byRoom.delete(roomId);
    const rooms = this.bySocket.get(socketId);
    rooms?.delete(roomId);
    if (rooms?.size === 0) this.bySocket.delete(socketId);
  }
}
