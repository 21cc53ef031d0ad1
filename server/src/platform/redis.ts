import { openRedis, type RedisClient } from "@chalkline/media";
import { Cluster, type Redis } from "ioredis";

export type { RedisClient };

/** Opens a command connection to the Redis or Redis Cluster `url` names (see `parseRedisUrl`). */
export function createRedis(url: string): RedisClient {
  return openRedis(url);
}

/**
 * Opens a connection for pub/sub. Without auto-pipelining, so the adapter's fire-and-forget
 * unsubscribes on close are written at once and answered before the connection quits.
 */
export function createSubscriberRedis(url: string): RedisClient {
  return openRedis(url, { pubsub: true });
}

/** A second pub/sub connection to the same Redis or cluster as `redis`. */
export function duplicateSubscriber(redis: RedisClient): RedisClient {
  return redis instanceof Cluster
    ? redis.duplicate(undefined, { enableAutoPipelining: false, shardedSubscribers: true })
    : redis.duplicate({ enableAutoPipelining: false });
}

/**
 * The servers a key-space scan must visit: every master of a cluster (each holds only its own
 * slots' keys), or the one server.
 */
export function scanTargets(redis: RedisClient): Redis[] {
  return redis instanceof Cluster ? redis.nodes("master") : [redis];
}

export async function pingRedis(redis: RedisClient): Promise<boolean> {
  return (await redis.ping()) === "PONG";
}
