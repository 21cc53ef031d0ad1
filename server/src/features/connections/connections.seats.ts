import type { Logger } from "../../platform/logger";
import type { RedisClient } from "../../platform/redis";
import { connectionsKeys } from "./connections.keys";

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * KEYS: the account's order and live sets, the address's live set. ARGV: socket id, ttl ms, the
 * allowance per account, per address. Sockets whose node stopped renewing them (it died) are
 * dropped first. Returns {0} when the address has its allowance already (nothing is added), else
 * {1, ...} with the account's oldest sockets past its allowance, already out of its sets.
 */
const TAKE = `${NOW}
local ttl = tonumber(ARGV[2])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[4]) then return {0} end
redis.call('ZADD', KEYS[3], now + ttl, ARGV[1])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
local result = {1}
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if over > 0 then
  -- One more than needed, in case the newcomer ties with the oldest on the clock.
  for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, over)) do
    if id ~= ARGV[1] and #result <= over then
      table.insert(result, id)
      redis.call('ZREM', KEYS[1], id)
      redis.call('ZREM', KEYS[2], id)
    end
  end
end
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end
return result
`;

/** Same KEYS; ARGV: socket id, ttl ms. Never brings back a socket another call removed. */
const RENEW = `${NOW}
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[2], 'XX', now + ttl, ARGV[1])
redis.call('ZADD', KEYS[3], 'XX', now + ttl, ARGV[1])
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end
return 0
`;

/** A seat is taken at the end of the handshake; the connection follows within a tick. */
const HANDSHAKE_GRACE_MS = 1_000;

export interface SocketSeat {
  socketId: string;
  userId: string;
  address: string;
}

export type SeatVerdict = { taken: false } | { taken: true; evicted: string[] };

export interface ConnectionSeatsOptions {
  redis: RedisClient;
  prefix: string;
  logger: Logger;
  /** Sockets one account may hold over every node; a newer one pushes out the oldest. */
  perAccount: number;
  /** Sockets one client address may hold over every node; more are refused. */
  perAddress: number;
  /** How long a seat counts unless its node renews it: the most a dead node's sockets keep counting. */
  ttlMs: number;
  /** Whether the socket is still connected to this node (a handshake can fail after its seat was taken). */
  isConnected: (socketId: string) => boolean;
}

/**
 * Sockets per account and per client address, counted over every node in Redis. Each node renews
 * the seats of its connected sockets well within their expiry and gives a seat back when its
 * socket disconnects; a node that dies stops renewing, and its sockets stop counting.
 */
export class ConnectionSeats {
  readonly #held = new Map<string, SocketSeat & { takenAt: number }>();
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly opts: ConnectionSeatsOptions) {
    this.#timer = setInterval(() => void this.#renew(), Math.max(100, Math.floor(opts.ttlMs / 3)));
    this.#timer.unref();
  }

  async take(seat: SocketSeat): Promise<SeatVerdict> {
    const { perAccount, perAddress, ttlMs } = this.opts;
    const result = (await this.opts.redis.eval(
      TAKE,
      3,
      ...this.#keys(seat),
      seat.socketId,
      ttlMs,
      perAccount,
      perAddress,
    )) as [number, ...string[]];
    const [taken, ...evicted] = result;
    if (taken !== 1) return { taken: false };
    this.#held.set(seat.socketId, { ...seat, takenAt: Date.now() });
    return { taken: true, evicted };
  }

  /** Idempotent. */
  async release(socketId: string): Promise<void> {
    const seat = this.#held.get(socketId);
    if (!seat) return;
    this.#held.delete(socketId);
    const [order, live, address] = this.#keys(seat);
    await this.opts.redis.multi().zrem(order, socketId).zrem(live, socketId).zrem(address, socketId).exec();
  }

  /** Stops renewing and gives back every seat this node holds (on shutdown). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.allSettled([...this.#held.keys()].map((socketId) => this.release(socketId)));
  }

  async #renew(): Promise<void> {
    const graceStart = Date.now() - HANDSHAKE_GRACE_MS;
    const pipeline = this.opts.redis.pipeline();
    for (const seat of [...this.#held.values()]) {
      if (!this.opts.isConnected(seat.socketId)) {
        // A handshake that never became a connection (the client left meanwhile): no disconnect will release it.
        if (seat.takenAt < graceStart) void this.release(seat.socketId).catch(() => undefined);
        continue;
      }
      pipeline.eval(RENEW, 3, ...this.#keys(seat), seat.socketId, this.opts.ttlMs);
    }
    if (pipeline.length === 0) return;
    await pipeline.exec().catch((error: unknown) => {
      this.opts.logger.warn({ err: error }, "could not renew socket seats");
    });
  }

  #keys({ userId, address }: SocketSeat): [string, string, string] {
    const { prefix } = this.opts;
    return [
      connectionsKeys.accountOrder(prefix, userId),
      connectionsKeys.accountLive(prefix, userId),
      connectionsKeys.addressLive(prefix, address),
    ];
  }
}
