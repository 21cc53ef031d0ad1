import type { Config } from "../../platform/config";
import type { Logger } from "../../platform/logger";
import { SharedTokenBuckets } from "../../platform/rate-limit";
import type { RedisClient } from "../../platform/redis";
import { ConnectionSeats } from "./connections.seats";
import type { ConnectionLimits } from "./connections.socket";

/** A node's socket limits as configured: connections per address, seats per account and address, shared command buckets. */
export function connectionLimitsFrom(
  config: Config,
  deps: { redis: RedisClient; logger: Logger; isConnected: (socketId: string) => boolean },
): ConnectionLimits {
  return {
    // A bucket rather than a fixed window: no burst of twice the limit across a minute's boundary.
    connectRate: new SharedTokenBuckets(deps.redis, config.REDIS_KEY_PREFIX, "socket-connects", {
      address: {
        perSecond: config.SOCKET_CONNECTS_PER_IP_PER_MINUTE / 60,
        burst: config.SOCKET_CONNECTS_PER_IP_PER_MINUTE,
      },
    }),
    seats: new ConnectionSeats({
      redis: deps.redis,
      prefix: config.REDIS_KEY_PREFIX,
      logger: deps.logger,
      perAccount: config.SOCKETS_PER_ACCOUNT,
      perAddress: config.SOCKETS_PER_IP,
      ttlMs: config.SOCKET_COUNT_TTL_SECONDS * 1000,
      isConnected: deps.isConnected,
    }),
    commands: new SharedTokenBuckets(deps.redis, config.REDIS_KEY_PREFIX, "socket-events", {
      account: { perSecond: config.SOCKET_ACCOUNT_EVENTS_PER_SECOND, burst: config.SOCKET_ACCOUNT_EVENT_BURST },
      address: { perSecond: config.SOCKET_IP_EVENTS_PER_SECOND, burst: config.SOCKET_IP_EVENT_BURST },
    }),
    trustedHops: config.TRUST_PROXY,
    logger: deps.logger,
  };
}
