import { type Logger, pino } from "pino";
import { Budget } from "./classes/budget";
import { ClassRegistry } from "./classes/registry";
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
  logger?: Logger;
}

/**
 * The media node: live classes on the pool's workers, driven by requests from every server node.
 * Exactly one runs per Redis key prefix (its own process, or inside the `npm start` process).
 */
export class MediaNode {
  readonly #pool: WorkerPool;
  readonly #classes: ClassRegistry;
  readonly #endpoint: MediaEndpoint;
  readonly #sweep: NodeJS.Timeout;
  #closed = false;

  private constructor(
    pool: WorkerPool,
    classes: ClassRegistry,
    endpoint: MediaEndpoint,
    leases: NodeLeases,
    sweepMs: number,
    logger: Logger,
  ) {
    this.#pool = pool;
    this.#classes = classes;
    this.#endpoint = endpoint;
    classes.on("event", (event) => endpoint.publish(event));
    pool.on("workerdied", this.#onWorkerDied);
    this.#sweep = setInterval(() => {
      const dead = leases.expire();
      const closed = classes.leavePeersOf(dead);
      if (closed > 0) logger.warn({ nodes: [...dead], peers: closed }, "closed the peers of server nodes gone silent");
    }, sweepMs).unref();
  }

  static async create(options: MediaNodeOptions): Promise<MediaNode> {
    const logger = options.logger ?? pino({ name: "media" });
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
      logger,
    });
    const leaseMs = options.peerLeaseMs ?? DEFAULT_PEER_LEASE_MS;
    const leases = new NodeLeases(leaseMs);
    const endpoint = await MediaEndpoint.create({
      redis: options.redis,
      subscriber: options.subscriber,
      prefix: options.prefix,
      handlers: mediaHandlers(classes),
      onNodeSeen: (nodeId) => leases.seen(nodeId),
      logger,
    });
    return new MediaNode(options.pool, classes, endpoint, leases, Math.max(100, leaseMs / 6), logger);
  }

  /** Stops answering, then closes every class; idempotent. The pool and connections belong to the caller. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#sweep);
    this.#pool.off("workerdied", this.#onWorkerDied);
    await this.#endpoint.close();
    this.#classes.closeAll();
  }

  readonly #onWorkerDied = (_slot: number, pid: number): void => this.#classes.resetWorker(pid);
}
