import type { MediaNodeEntry } from "@chalkline/shared";
import { MediaRequestError } from "../errors";
import type { RedisClient } from "../redis";
import { mediaClusterKeys } from "./keys";
import { NodeRegistry } from "./registry";

/** Consumers a media node serves before a class on it puts newcomers on another node. */
export const DEFAULT_MAX_CONSUMERS_PER_NODE = 2_000;
/** Placement records outlive any class; a class that ends deletes them sooner. */
const PLACEMENT_TTL_MS = 24 * 3_600_000;

/**
 * Sets a class's origin only if it is still what the caller saw (nothing, or a node now dead or
 * draining), so server nodes racing to place one class agree on one node. Returns the origin.
 */
const PLACE_ORIGIN = `
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return current end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return ARGV[2]
`;

/** Least loaded first: consumers are what costs a media node most, then transports, then CPU. */
export function byLoad(a: MediaNodeEntry, b: MediaNodeEntry): number {
  return a.consumers - b.consumers || a.transports - b.transports || a.cpuPercent - b.cpuPercent;
}

/**
 * Where each class and peer goes, decided by the server nodes from the registry and recorded in
 * Redis, so that every server node finds the same node for a class. A class goes to the least
 * loaded node; its peers join it there while that node has room for more consumers, and otherwise
 * go to the least loaded node with room (those already holding the class first, to need fewer pipes).
 */
export class Placement {
  readonly #redis: RedisClient;
  readonly #keys: ReturnType<typeof mediaClusterKeys>;
  readonly #registry: NodeRegistry;
  readonly #maxConsumersPerNode: number;
  #alive = new Map<string, MediaNodeEntry>();

  constructor(redis: RedisClient, prefix: string, maxConsumersPerNode = DEFAULT_MAX_CONSUMERS_PER_NODE) {
    this.#redis = redis;
    this.#keys = mediaClusterKeys(prefix);
    this.#registry = new NodeRegistry(redis, prefix);
    this.#maxConsumersPerNode = maxConsumersPerNode;
  }

  /** Reads the registry again; returns the ids of nodes that were alive before and are gone now. */
  async refresh(): Promise<string[]> {
    const next = new Map((await this.#registry.list()).map((entry) => [entry.nodeId, entry] as const));
    const gone = [...this.#alive.keys()].filter((id) => !next.has(id));
    this.#alive = next;
    return gone;
  }

  /** The live nodes as last read. */
  get nodes(): MediaNodeEntry[] {
    return [...this.#alive.values()];
  }

  isAlive(nodeId: string): boolean {
    return this.#alive.has(nodeId);
  }

  /** The class's origin node, placing the class when it has none that is alive and not draining. */
  async classNode(classId: string): Promise<string> {
    if (this.#alive.size === 0) await this.refresh();
    const key = this.#keys.classOrigin(classId);
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.#redis.get(key);
      const entry = current === null ? undefined : this.#alive.get(current);
      if (current !== null && entry && (!entry.draining || !this.#leastLoaded(() => true))) return current;
      const choice = await this.#choose(() => true);
      const placed = await this.#redis.eval(PLACE_ORIGIN, 1, key, current ?? "", choice, String(PLACEMENT_TTL_MS));
      if (placed === choice) return choice;
    }
    throw new MediaRequestError("unavailable", `could not place class ${classId} on a media node`);
  }

  /** The node a newcomer to the class goes to; recorded as one of the class's nodes. */
  async peerNode(classId: string): Promise<string> {
    const origin = await this.classNode(classId);
    const roomy = (entry: MediaNodeEntry) => entry.consumers < this.#maxConsumersPerNode;
    const originEntry = this.#alive.get(origin);
    let node = origin;
    if (!originEntry || !roomy(originEntry)) {
      const held = new Set(await this.classNodes(classId));
      node =
        this.#leastLoaded((e) => held.has(e.nodeId) && roomy(e))?.nodeId ?? this.#leastLoaded(roomy)?.nodeId ?? origin;
    }
    await this.#redis.sadd(this.#keys.classNodes(classId), node);
    await this.#redis.pexpire(this.#keys.classNodes(classId), PLACEMENT_TTL_MS);
    // The newcomer will consume what the class publishes: counted now, so that a burst of joins
    // before the node's next beat does not all land on a node it already fills.
    const entry = this.#alive.get(node);
    if (entry) entry.consumers += await this.#redis.hlen(this.#keys.classProducers(classId));
    return node;
  }

  /** The live nodes holding peers of the class. */
  async classNodes(classId: string): Promise<string[]> {
    return (await this.classNodesEver(classId)).filter((id) => this.#alive.has(id));
  }

  /** Every node that held peers of the class, dead ones included (how a node's death is traced to its classes). */
  classNodesEver(classId: string): Promise<string[]> {
    return this.#redis.smembers(this.#keys.classNodes(classId));
  }

  async recordProducer(classId: string, producerId: string, nodeId: string): Promise<void> {
    const key = this.#keys.classProducers(classId);
    await this.#redis.hset(key, producerId, nodeId);
    await this.#redis.pexpire(key, PLACEMENT_TTL_MS);
  }

  async producerNode(classId: string, producerId: string): Promise<string | undefined> {
    return (await this.#redis.hget(this.#keys.classProducers(classId), producerId)) ?? undefined;
  }

  async forgetProducer(classId: string, producerId: string): Promise<void> {
    await this.#redis.hdel(this.#keys.classProducers(classId), producerId);
  }

  /** The class ended: its records go. */
  async forget(classId: string): Promise<void> {
    await Promise.all([
      this.#redis.del(this.#keys.classOrigin(classId)),
      this.#redis.del(this.#keys.classNodes(classId)),
      this.#redis.del(this.#keys.classProducers(classId)),
    ]);
  }

  /** A node not draining if there is one (a draining one rather than none), least loaded first. */
  async #choose(fits: (entry: MediaNodeEntry) => boolean): Promise<string> {
    if (this.#alive.size === 0) await this.refresh();
    const entry = this.#leastLoaded(fits) ?? [...this.#alive.values()].sort(byLoad)[0];
    if (!entry) throw new MediaRequestError("unavailable", "no media node is registered");
    return entry.nodeId;
  }

  #leastLoaded(fits: (entry: MediaNodeEntry) => boolean): MediaNodeEntry | undefined {
    return [...this.#alive.values()].filter((e) => !e.draining && fits(e)).sort(byLoad)[0];
  }
}
