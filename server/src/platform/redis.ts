import { Redis } from "ioredis";

/** Opens a command connection. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
}

/**
 * Opens a connection for pub/sub. Without auto-pipelining, so the adapter's fire-and-forget
 * unsubscribes on close are written at once and answered before the connection quits.
 */
export function createSubscriberRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: false });
}

export async function pingRedis(redis: Redis): Promise<boolean> {
  return (await redis.ping()) === "PONG";
}
