import { randomUUID } from "node:crypto";
import type { Logger } from "../../platform/logger";
import type { RedisClient } from "../../platform/redis";
import { collabKeys } from "./collab.keys";

/**
 * Takes a seat when the account holds fewer than `limit` live ones: entries past their expiry
 * (a node that died without closing its connections) are dropped first, so they stop counting.
 * KEYS[1] the account's seats; ARGV now, expiry, limit, seat. Returns 1 when taken.
 */
const TAKE_SEAT = `
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", ARGV[1])
if redis.call("ZCARD", KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call("ZADD", KEYS[1], ARGV[2], ARGV[4])
redis.call("PEXPIREAT", KEYS[1], ARGV[2])
return 1
`;

/**
 * Refreshes seats this node still holds, never bringing back one another call released.
 * KEYS[1] the account's seats; ARGV expiry, then the seats.
 */
const RENEW_SEATS = `
for i = 2, #ARGV do redis.call("ZADD", KEYS[1], "XX", ARGV[1], ARGV[i]) end
if redis.call("PTTL", KEYS[1]) >= 0 then redis.call("PEXPIREAT", KEYS[1], ARGV[1]) end
return 0
`;

export interface CollabSeatsOptions {
  redis: RedisClient;
  prefix: string;
  nodeId: string;
  logger: Logger;
  /** Documents one account may have open at once, over every node. */
  perAccount: number;
  /** How long a seat counts unless its node renews it: the most a dead node's connections keep counting. */
  ttlMs: number;
}

/**
 * Collaboration connections per account, counted over every node: one Redis sorted set per
 * account (seat → expiry). Each node renews the seats of its open connections well within the
 * expiry, and releases a seat when its connection closes; a node that dies stops renewing, and
 * its seats stop counting once they expire.
 */
export class CollabSeats {
  /** Seats held on this node, by user id. */
  readonly #held = new Map<string, Set<string>>();
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly opts: CollabSeatsOptions) {
    this.#timer = setInterval(() => void this.#renew(), Math.max(100, Math.floor(opts.ttlMs / 3)));
    this.#timer.unref();
  }

  /** A seat for one connection of `userId`, or null when the account already has `perAccount` open. */
  async take(userId: string): Promise<{ release: () => Promise<void> } | null> {
    const seat = `${this.opts.nodeId}:${randomUUID()}`;
    const now = Date.now();
    const taken = await this.opts.redis.eval(
      TAKE_SEAT,
      1,
      this.#key(userId),
      now,
      now + this.opts.ttlMs,
      this.opts.perAccount,
      seat,
    );
    if (taken !== 1) return null;
    const seats = this.#held.get(userId) ?? new Set<string>();
    seats.add(seat);
    this.#held.set(userId, seats);
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        seats.delete(seat);
        if (seats.size === 0 && this.#held.get(userId) === seats) this.#held.delete(userId);
        await this.opts.redis.zrem(this.#key(userId), seat);
      },
    };
  }

  /** Stops renewing and gives back every seat this node holds (on shutdown). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    const held = [...this.#held];
    this.#held.clear();
    // One command per account: a pipeline could not span the nodes of a Redis Cluster.
    await Promise.allSettled(held.map(([userId, seats]) => this.opts.redis.zrem(this.#key(userId), ...seats)));
  }

  async #renew(): Promise<void> {
    if (this.#held.size === 0) return;
    const expiry = Date.now() + this.opts.ttlMs;
    const renewals = [...this.#held].map(([userId, seats]) =>
      this.opts.redis.eval(RENEW_SEATS, 1, this.#key(userId), expiry, ...seats),
    );
    const failed = (await Promise.allSettled(renewals)).find((r) => r.status === "rejected");
    if (failed) this.opts.logger.warn({ err: failed.reason }, "could not renew collaboration seats");
  }

  #key(userId: string): string {
    return collabKeys.seats(this.opts.prefix, userId);
  }
}
