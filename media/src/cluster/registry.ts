import { type MediaNodeEntry, mediaNodeEntrySchema } from "@chalkline/shared";
import type { RedisClient } from "../redis";
import { parseJson } from "../rpc/protocol";
import { mediaClusterKeys } from "./keys";

/** How often a media node renews its entry. */
export const NODE_BEAT_MS = 2_000;
/** An entry not renewed for this long expires: three beats lost, and the node is taken for dead. */
export const NODE_ENTRY_TTL_MS = 3 * NODE_BEAT_MS;

/**
 * The media nodes alive now, as the registry in Redis says; read by server nodes and media nodes
 * alike. Keys are written and read one by one, not in MULTI or MGET: on a Redis Cluster they sit in
 * different slots.
 */
export class NodeRegistry {
  readonly #redis: RedisClient;
  readonly #keys: ReturnType<typeof mediaClusterKeys>;

  constructor(redis: RedisClient, prefix: string) {
    this.#redis = redis;
    this.#keys = mediaClusterKeys(prefix);
  }

  /** Writes (or renews) a node's entry. */
  async publish(entry: MediaNodeEntry, ttlMs = NODE_ENTRY_TTL_MS): Promise<void> {
    await Promise.all([
      this.#redis.set(this.#keys.node(entry.nodeId), JSON.stringify(entry), "PX", ttlMs),
      this.#redis.sadd(this.#keys.nodes, entry.nodeId),
    ]);
  }

  /** A node leaving on purpose goes at once instead of after its entry expires. */
  async remove(nodeId: string): Promise<void> {
    await Promise.all([this.#redis.del(this.#keys.node(nodeId)), this.#redis.srem(this.#keys.nodes, nodeId)]);
  }

  /** Every live node's entry; ids whose entry expired are dropped from the set on the way. */
  async list(): Promise<MediaNodeEntry[]> {
    const ids = await this.#redis.smembers(this.#keys.nodes);
    if (ids.length === 0) return [];
    const values = await Promise.all(ids.map((id) => this.#redis.get(this.#keys.node(id))));
    const alive: MediaNodeEntry[] = [];
    const expired: string[] = [];
    values.forEach((value, i) => {
      const entry = value === null ? undefined : mediaNodeEntrySchema.safeParse(parseJson(value)).data;
      if (entry) alive.push(entry);
      else expired.push(ids[i]!);
    });
    if (expired.length > 0) await this.#redis.srem(this.#keys.nodes, ...expired);
    return alive;
  }
}
