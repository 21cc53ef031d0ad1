import { Redis } from "ioredis";

/** Opens a command connection; pub/sub connections are made with `duplicate()`. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true, lazyConnect: false });
}

export async function pingRedis(redis: Redis): Promise<boolean> {
  return (await redis.ping()) === "PONG";
}
