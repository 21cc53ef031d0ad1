import { Cluster, type ClusterNode, Redis, type RedisOptions } from "ioredis";

/** A connection to one Redis or to a Redis Cluster: every module takes either. */
export type RedisClient = Redis | Cluster;

/** Where a `REDIS_URL` points: one server, or the seed nodes of a cluster and what they all share. */
export type RedisTarget =
  | { kind: "single"; url: string }
  | { kind: "cluster"; nodes: ClusterNode[]; username?: string; password?: string; tls: boolean };

const CLUSTER_SCHEME = /^(rediss?)\+cluster:\/\//;

/**
 * Reads a `REDIS_URL`: `redis+cluster://host:port,host:port` or several `redis://` seed URLs
 * separated by commas name a cluster; anything else is one server. Credentials and TLS come from
 * the first seed (a cluster's nodes share them).
 */
export function parseRedisUrl(raw: string): RedisTarget {
  const text = raw.trim();
  const scheme = CLUSTER_SCHEME.exec(text);
  const seeds = scheme
    ? text
        .slice(scheme[0].length)
        .split(",")
        .map((seed) => `${scheme[1]}://${seed.trim()}`)
    : text.split(",").map((seed) => seed.trim());
  if (!scheme && seeds.length === 1) return { kind: "single", url: text };
  const urls = seeds.map((seed) => new URL(seed));
  const first = urls[0]!;
  return {
    kind: "cluster",
    nodes: urls.map((url) => ({ host: url.hostname, port: Number(url.port || 6379) })),
    ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
    ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
    tls: first.protocol === "rediss:",
  };
}

/**
 * Opens a connection to what `url` names. `pubsub` connections go without auto-pipelining, so
 * (UN)SUBSCRIBE is written at once and answered before the connection quits; on a cluster they
 * also keep one subscriber per shard, which sharded pub/sub (SSUBSCRIBE) needs. A cluster never
 * auto-pipelines: ioredis groups commands by the slot of their first argument, which for scripts
 * defined with a variable key count is the count, not a key, and the batch is then refused.
 */
export function openRedis(url: string, { pubsub = false }: { pubsub?: boolean } = {}): RedisClient {
  const target = parseRedisUrl(url);
  const common = { maxRetriesPerRequest: 3 } satisfies RedisOptions;
  if (target.kind === "single") return new Redis(target.url, { ...common, enableAutoPipelining: !pubsub });
  return new Cluster(target.nodes, {
    enableAutoPipelining: false,
    shardedSubscribers: pubsub,
    redisOptions: {
      ...common,
      ...(target.username ? { username: target.username } : {}),
      ...(target.password ? { password: target.password } : {}),
      ...(target.tls ? { tls: {} } : {}),
    },
  });
}
