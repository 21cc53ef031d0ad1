import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { type Logger, pino } from "pino";
import { Budget } from "./classes/budget";
import { ClassRegistry } from "./classes/registry";
import { NodeBeacon } from "./cluster/beacon";
import { NODE_BEAT_MS, NodeRegistry } from "./cluster/registry";
import { NodeLeases } from "./leases";
import type { RedisClient } from "./redis";
import { MediaEndpoint } from "./rpc/endpoint";
import { mediaHandlers } from "./rpc/handlers";
import type { WorkerPool } from "./workers";

/** Consumers a router takes before a newcomer to its class is put on a new router (and worker). */
const DEFAULT_CONSUMERS_PER_ROUTER = 500;
/** Two transports for each of 500 learners: the largest class one router's consumer budget serves. */
export const DEFAULT_MAX_TRANSPORTS_PER_CLASS = 1_000;
/** Each transport holds a UDP and a TCP port of the RTC range, whose default spans 10,000 ports. */
export const DEFAULT_MAX_TRANSPORTS_PER_NODE = 10_000;
/** A server node silent this long is dead, and its peers are closed (like presence's 30 seconds). */
export const DEFAULT_PEER_LEASE_MS = 30_000;

export interface MediaNodeOptions {
  pool: WorkerPool;
  /** Command connection (publishes replies and events). */
  redis: RedisClient;
  /** Dedicated pub/sub connection, without auto-pipelining. */
  subscriber: RedisClient;
  /** REDIS_KEY_PREFIX. */
  prefix: string;
  /** Address WebRTC transports listen on. */
  listenIp: string;
  /** Address browsers reach `listenIp` at, when it differs (NAT, Docker). */
  announcedIp?: string;
  consumersPerRouter?: number;
  /** WebRTC transports one class, and the whole node, may hold at once; more are refused with `limit_reached`. */
  maxTransportsPerClass?: number;
  maxTransportsPerNode?: number;
  /** How long a server node's peers outlive its last heartbeat or request. */
  peerLeaseMs?: number;
  /**
   * Address other media nodes reach this one's pipes at (in Docker, its address on the network
   * between the nodes); the browsers' announced address, or the listen address, when unset.
   */
  pipeAnnouncedIp?: string;
  /** This node's id in the cluster registry; one of its own per process when unset. */
  nodeId?: string;
  /** Starts drained: registered, reachable, but given no new classes or peers. */
  draining?: boolean;
  /** How often the registry entry is renewed (tests shorten it). */
  beatMs?: number;
  logger?: Logger;
}

/** The parts a media node is made of, wired by {@link MediaNode.create}. */
interface MediaNodeParts {
  id: string;
  pool: WorkerPool;
  classes: ClassRegistry;
  endpoint: MediaEndpoint;
  leases: NodeLeases;
  sweepMs: number;
  beacon: NodeBeacon;
  registry: NodeRegistry;
  beatMs: number;
  logger: Logger;
}

/**
 * A media node: live classes on the pool's workers, driven by requests from every server node.
 * Any number run per Redis key prefix; each registers itself (cluster/registry.ts) with its load,
 * and server nodes place classes and peers on them. A class spread over several nodes is joined up
 * by pipes between them (classes/pipe-links.ts).
 */
export class MediaNode {
  readonly id: string;
  readonly #pool: WorkerPool;
  readonly #classes: ClassRegistry;
  readonly #endpoint: MediaEndpoint;
  readonly #beacon: NodeBeacon;
  readonly #sweep: NodeJS.Timeout;
  readonly #watch: NodeJS.Timeout;
  #closed = false;

  private constructor(parts: MediaNodeParts) {
    const { pool, classes, endpoint, leases, logger } = parts;
    this.id = parts.id;
    this.#pool = pool;
    this.#classes = classes;
    this.#endpoint = endpoint;
    this.#beacon = parts.beacon;
    classes.on("event", (event) => endpoint.publish(event));
    pool.on("workerdied", this.#onWorkerDied);
    this.#sweep = setInterval(() => {
      const dead = leases.expire();
      const closed = classes.leavePeersOf(dead);
      if (closed > 0) logger.warn({ nodes: [...dead], peers: closed }, "closed the peers of server nodes gone silent");
    }, parts.sweepMs).unref();
    // Pipes to a media node that left the registry lead nowhere.
    this.#watch = setInterval(() => {
      parts.registry.list().then(
        (alive) => classes.closeLinksExcept(new Set(alive.map((n) => n.nodeId))),
        (error: unknown) => logger.warn({ err: error }, "media node registry not read"),
      );
    }, parts.beatMs).unref();
  }

  static async create(options: MediaNodeOptions): Promise<MediaNode> {
    const logger = options.logger ?? pino({ name: "media" });
    const pipeIp = options.pipeAnnouncedIp ?? options.announcedIp;
    const classes = new ClassRegistry({
      pool: options.pool,
      consumersPerRouter: options.consumersPerRouter ?? DEFAULT_CONSUMERS_PER_ROUTER,
      maxTransports: options.maxTransportsPerClass ?? DEFAULT_MAX_TRANSPORTS_PER_CLASS,
      nodeTransports: new Budget(
        options.maxTransportsPerNode ?? DEFAULT_MAX_TRANSPORTS_PER_NODE,
        "transports on this media node",
      ),
      transportOptions: {
        listenIps: [{ ip: options.listenIp, ...(options.announcedIp ? { announcedIp: options.announcedIp } : {}) }],
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
      },
      pipeListen: { ip: options.listenIp, ...(pipeIp ? { announcedIp: pipeIp } : {}) },
      logger,
    });
    const leaseMs = options.peerLeaseMs ?? DEFAULT_PEER_LEASE_MS;
    const leases = new NodeLeases(leaseMs);
    const id = options.nodeId ?? `${hostname()}-${randomBytes(4).toString("hex")}`;
    const registry = new NodeRegistry(options.redis, options.prefix);
    // Nobody can ask for a drain before the node is registered, which is after the beacon exists.
    let beacon: NodeBeacon | undefined;
    const endpoint = await MediaEndpoint.create({
      redis: options.redis,
      subscriber: options.subscriber,
      prefix: options.prefix,
      mediaNodeId: id,
      handlers: mediaHandlers(classes, async (draining) => beacon?.setDraining(draining)),
      onEvent: (event) => classes.followRemote(event),
      onNodeSeen: (nodeId) => leases.seen(nodeId),
      logger,
    });
    const beatMs = options.beatMs ?? NODE_BEAT_MS;
    beacon = await NodeBeacon.create({
      nodeId: id,
      announcedIp: pipeIp ?? options.listenIp,
      registry,
      pool: options.pool,
      classes,
      draining: options.draining ?? false,
      beatMs,
      logger,
    }).catch(async (error: unknown) => {
      await endpoint.close();
      throw error;
    });
    const sweepMs = Math.max(100, leaseMs / 6);
    return new MediaNode({
      id,
      pool: options.pool,
      classes,
      endpoint,
      leases,
      sweepMs,
      beacon,
      registry,
      beatMs,
      logger,
    });
  }

  get draining(): boolean {
    return this.#beacon.draining;
  }

  /** A draining node takes no new classes or peers; those it has move off when they next rejoin. */
  drain(draining = true): Promise<void> {
    return this.#beacon.setDraining(draining);
  }

  /**
   * Drains, asks every class here to rejoin (server nodes place them elsewhere), and waits until
   * their peers have left or `timeoutMs` passed; how many peers were still here.
   */
  async drainAndEmpty(timeoutMs: number): Promise<number> {
    await this.drain(true);
    for (const classId of this.#classes.ids) {
      this.#endpoint.publish({ type: "class-reset", classId, reason: "node-draining" });
    }
    const deadline = Date.now() + timeoutMs;
    while (this.#classes.peerCount > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.#classes.peerCount;
  }

  /** Stops answering, then closes every class; idempotent. The pool and connections belong to the caller. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#sweep);
    clearInterval(this.#watch);
    await this.#beacon.close().catch(() => undefined);
    this.#pool.off("workerdied", this.#onWorkerDied);
    await this.#endpoint.close();
    this.#classes.closeAll();
  }

  readonly #onWorkerDied = (_slot: number, pid: number): void => this.#classes.resetWorker(pid);
}
