import { createReadStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Command } from "ioredis";
import { z } from "zod";
import { createRedis, type RedisClient, scanTargets } from "../platform/redis";
import { describePart, type Part } from "./archive";

/**
 * Every key with its remaining time to live and its DUMP, read by one script: Redis runs a script alone, so the
 * snapshot of one server is of one instant. An install keeps little in Redis (counters, live views, leases), so
 * holding one server's keys in one reply is fine.
 */
const SNAPSHOT = `
local out = {}
for _, key in ipairs(redis.call("KEYS", "*")) do
  out[#out + 1] = key
  out[#out + 1] = redis.call("PTTL", key)
  out[#out + 1] = redis.call("DUMP", key)
end
return out`;

const entrySchema = z.object({ key: z.string(), ttlMs: z.number().int(), dump: z.string() });

/** Connects to the Redis or Redis Cluster `url` names, failing at the first connection error instead of retrying. */
async function withRedis<T>(url: string, use: (redis: RedisClient) => Promise<T>): Promise<T> {
  const redis = createRedis(url);
  try {
    await new Promise<void>((resolve, reject) => {
      redis.once("ready", resolve);
      redis.once("error", reject);
    });
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

/** Each server's keys as ndjson lines; on a cluster, master by master (each master's snapshot is of one instant). */
async function snapshotLines(redis: RedisClient): Promise<string[]> {
  const lines: string[] = [];
  for (const server of scanTargets(redis)) {
    // A Command of its own: auto-pipelining (on for a single server) garbles `callBuffer("EVAL", …)`.
    const reply = (await server.sendCommand(new Command("eval", [SNAPSHOT, "0"], { replyEncoding: null }))) as (
      | Buffer
      | number
    )[];
    for (let i = 0; i < reply.length; i += 3) {
      const [key, ttlMs, dump] = [reply[i] as Buffer, reply[i + 1] as number, reply[i + 2] as Buffer];
      lines.push(JSON.stringify({ key: key.toString("base64"), ttlMs, dump: dump.toString("base64") }));
    }
  }
  return lines;
}

/** Writes the whole Redis store (every master of a cluster) to `redis.ndjson`: one key a line, key and value base64 (both may be binary). */
export function dumpRedis(url: string, dir: string, progress: (line: string) => void): Promise<Part> {
  return withRedis(url, async (redis) => {
    const lines = await snapshotLines(redis);
    const path = "redis.ndjson";
    writeFileSync(join(dir, path), lines.map((line) => `${line}\n`).join(""));
    progress(`redis: ${lines.length} keys`);
    return describePart(dir, { path, kind: "redis", count: lines.length, target: "redis" });
  });
}

/**
 * RESTOREs every dumped key with the time to live it had left into an empty Redis or cluster (each key goes to the
 * master of its slot, whatever shape the store it came from had); returns the keys restored.
 */
export function restoreRedis(url: string, dir: string, part: Part): Promise<number> {
  return withRedis(url, async (redis) => {
    // REPLACE would mix the archive's keys into a store in use, like a database restored over another.
    const held = await Promise.all(scanTargets(redis).map((server) => server.dbsize()));
    const keys = held.reduce((sum, n) => sum + n, 0);
    if (keys > 0)
      throw new Error(`refusing to restore into a Redis that holds ${keys} keys: point REDIS_URL at an empty one`);
    let count = 0;
    const lines = createInterface({
      input: createReadStream(join(dir, part.path)),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) {
      if (!line) continue;
      const entry = entrySchema.parse(JSON.parse(line));
      // -1: the key never expires (RESTORE's 0).
      const ttlMs = Math.max(entry.ttlMs, 0);
      await redis.restore(Buffer.from(entry.key, "base64"), ttlMs, Buffer.from(entry.dump, "base64"), "REPLACE");
      count++;
    }
    return count;
  });
}
