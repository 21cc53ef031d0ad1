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

/**
 * A server node's connections: one for commands and one for each subscriber that needs its own
 * (the Socket.IO adapter's publisher and subscriber, media replies, board feed, room access), and
 * a `quit` for all of them at shutdown.
 */
export function openNodeConnections(url: string) {
  const subscribers = {
    pub: createSubscriberRedis(url),
    sub: createSubscriberRedis(url),
    mediaSub: createSubscriberRedis(url),
    boardSub: createSubscriberRedis(url),
    roomsSub: createSubscriberRedis(url),
  };
  const redis = createRedis(url);
  const all = [redis, ...Object.values(subscribers)];
  return { redis, ...subscribers, quit: () => Promise.allSettled(all.map((c) => c.quit())) };
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

/** Every key matching a SCAN `pattern`, on every master of a cluster. */
export async function keysMatching(redis: RedisClient, pattern: string): Promise<string[]> {
  // A cluster client knows its masters only once it has read the slot map: a command waits for that.
  await redis.ping();
  const found: string[] = [];
  for (const server of scanTargets(redis)) {
    let cursor = "0";
    do {
      const [next, keys] = await server.scan(cursor, "MATCH", pattern, "COUNT", 500);
      cursor = next;
      found.push(...keys);
    } while (cursor !== "0");
  }
  return found;
}

export async function pingRedis(redis: RedisClient): Promise<boolean> {
  return (await redis.ping()) === "PONG";
}
