import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type EmbeddedRedis,
  type EmbeddedRedisCluster,
  startRedis,
  startRedisCluster,
} from "@chalkline/server/embedded";
import { afterAll, beforeAll, expect, it } from "vitest";
import { dumpRedis, restoreRedis } from "../../server/src/backup/redis";
import { createRedis, keysMatching, type RedisClient, scanTargets } from "../../server/src/platform/redis";

const STRINGS = 60;
const TTL_MS = 600_000;

let dir: string;
let source: EmbeddedRedisCluster;
let target: EmbeddedRedisCluster;
let single: EmbeddedRedis;
const clients: RedisClient[] = [];

// Clusters of its own: a restore REPLACEs every key it holds, which the run's shared Redis must not see.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chalkline-backup-cluster-"));
  [source, target, single] = await Promise.all([
    startRedisCluster({ dataDir: join(dir, "source") }),
    startRedisCluster({ dataDir: join(dir, "target") }),
    startRedis({ dataDir: join(dir, "single") }),
  ]);
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await Promise.all([source?.stop(), target?.stop(), single?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

function open(url: string): RedisClient {
  const client = createRedis(url);
  clients.push(client);
  return client;
}

/** Every key with its type's contents, as one comparable object. */
async function contents(redis: RedisClient): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of (await keysMatching(redis, "*")).sort()) {
    const type = await redis.type(key);
    if (type === "string") out[key] = (await redis.getBuffer(key))?.toString("hex");
    else if (type === "hash") out[key] = await redis.hgetall(key);
    else if (type === "zset") out[key] = await redis.zrange(key, 0, -1, "WITHSCORES");
    else if (type === "list") out[key] = await redis.lrange(key, 0, -1);
    else throw new Error(`unexpected type ${type} of ${key}`);
  }
  return out;
}

it("a Redis Cluster is backed up master by master and restores into another, empty cluster and into a single Redis", async () => {
  const redis = open(source.url);
  for (let i = 0; i < STRINGS; i++) await redis.set(`chat:seq:${i}`, String(i * 7));
  await redis.set("binary", Buffer.from([0, 255, 1, 254]));
  await redis.hset("{user-1}:ledger", { xp: "120", points: "40" });
  await redis.zadd("{lb}:board:all", 30, "ana", 10, "ben");
  await redis.rpush("{mail}:ready", "one", "two");
  await redis.set("lease", "node-a", "PX", TTL_MS);
  const written = await contents(redis);
  const total = Object.keys(written).length;
  // The keys span every master, so a dump of one master alone would miss some.
  const perMaster = await Promise.all(scanTargets(redis).map((master) => master.dbsize()));
  expect(perMaster).toHaveLength(3);
  for (const count of perMaster) expect(count).toBeGreaterThan(0);

  const lines: string[] = [];
  const part = await dumpRedis(source.url, dir, (line) => lines.push(line));
  expect(part.count).toBe(total);
  expect(lines).toEqual([`redis: ${total} keys`]);

  for (const url of [target.url, single.url]) {
    expect(await restoreRedis(url, dir, part)).toBe(total);
    const restored = open(url);
    expect(await contents(restored)).toEqual(written);
    const ttlMs = await restored.pttl("lease");
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(TTL_MS);
    expect(await restored.pttl("binary")).toBe(-1);
  }
  // And back out of the single Redis, as a backup of an install on one server reads it.
  const again = await dumpRedis(single.url, join(dir, "single"), () => undefined);
  expect(again.count).toBe(total);
  // Never into a store that holds keys: the archive's would mix with them.
  await expect(restoreRedis(target.url, dir, part)).rejects.toThrow(/refusing to restore into a Redis that holds/);
}, 60_000);
