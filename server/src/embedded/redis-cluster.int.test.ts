import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRedis, type RedisClient } from "@chalkline/media";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { scanTargets } from "../platform/redis";
import { redisPing } from "./probes";
import { type EmbeddedRedisCluster, startRedisCluster } from "./redis-cluster";

let dataDir: string;
let cluster: EmbeddedRedisCluster;
const clients: RedisClient[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "chalkline-redis-cluster-"));
  cluster = await startRedisCluster({ dataDir });
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await cluster?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function open(pubsub = false): RedisClient {
  const client = openRedis(cluster.url, { pubsub });
  clients.push(client);
  return client;
}

it("starts three masters that serve every slot, reached through one redis+cluster:// URL", async () => {
  const redis = open();
  expect(redis).toBeInstanceOf(Cluster);
  const keys = Array.from({ length: 30 }, (_, i) => `spread:${i}`);
  await Promise.all(keys.map((key, i) => redis.set(key, String(i))));
  expect(await Promise.all(keys.map((key) => redis.get(key)))).toEqual(keys.map((_, i) => String(i)));
  // Thirty keys land on every master, and a scan of every master finds each once.
  const masters = scanTargets(redis);
  expect(masters).toHaveLength(3);
  const perMaster = await Promise.all(masters.map((m) => m.keys("spread:*")));
  expect(perMaster.every((found) => found.length > 0)).toBe(true);
  expect(perMaster.flat().sort()).toEqual([...keys].sort());
});

it("runs a transaction over keys that share a hash tag, and refuses a script over keys of two slots", async () => {
  const redis = open();
  await redis.multi().set("{room:1}:a", "1").set("{room:1}:b", "2").exec();
  expect(await redis.get("{room:1}:b")).toBe("2");
  await expect(redis.eval("return redis.call('MGET', KEYS[1], KEYS[2])", 2, "a-key", "b-key")).rejects.toThrow(
    /CROSSSLOT|same slot/,
  );
});

it("delivers plain and sharded pub/sub across masters", async () => {
  const redis = open();
  const sub = open(true);
  const got: string[] = [];
  sub.on("message", (_channel: string, message: string) => got.push(`plain:${message}`));
  sub.on("smessage", (_channel: string, message: string) => got.push(`sharded:${message}`));
  await sub.subscribe("plain-channel");
  await sub.ssubscribe("sharded-channel");
  await redis.publish("plain-channel", "1");
  await redis.spublish("sharded-channel", "2");
  await expect.poll(() => got.sort(), { timeout: 5_000 }).toEqual(["plain:1", "sharded:2"]);
});

it("stops every node", async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await cluster.stop();
  const alive = await Promise.all(cluster.nodes.map((node) => redisPing(node.port).catch(() => false)));
  expect(alive).toEqual([false, false, false]);
});
