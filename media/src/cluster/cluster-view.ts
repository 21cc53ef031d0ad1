import type { MediaEvent } from "@chalkline/shared";
import type { Logger } from "pino";
import type { RedisClient } from "../redis";
import { Cascade, type MediaCall } from "./cascade";
import { Placement } from "./placement";
import { NODE_BEAT_MS } from "./registry";

export interface ClusterViewOptions {
  redis: RedisClient;
  prefix: string;
  call: MediaCall;
  /** See MEDIA_NODE_MAX_CONSUMERS. */
  maxConsumersPerNode?: number;
  /** How often the registry is read; a dead node is noticed within its entry's lifetime plus this. */
  refreshMs?: number;
  /** An event this server node makes up itself (a class whose media node died), for its own sockets. */
  emit: (event: MediaEvent) => void;
  logger: Logger;
}

/**
 * A server node's view of the media cluster: which node each of its peers is on, where classes
 * are placed, the pipes between nodes, and which nodes died. Every peer of a class whose node died
 * is told to rejoin (the same `class-reset` a dead worker causes), and rejoins on a live node.
 */
export class ClusterView {
  readonly placement: Placement;
  readonly cascade: Cascade;
  /** The node of each peer whose socket is on this server node, by class. */
  readonly #peers = new Map<string, Map<string, string>>();
  readonly #emit: (event: MediaEvent) => void;
  readonly #logger: Logger;
  readonly #timer: NodeJS.Timeout;
  #refreshing: Promise<void> | undefined;

  private constructor(options: ClusterViewOptions) {
    this.placement = new Placement(options.redis, options.prefix, options.maxConsumersPerNode);
    this.cascade = new Cascade(options.call);
    this.#emit = options.emit;
    this.#logger = options.logger;
    this.#timer = setInterval(() => void this.refresh(), options.refreshMs ?? NODE_BEAT_MS / 2).unref();
  }

  static async create(options: ClusterViewOptions): Promise<ClusterView> {
    const view = new ClusterView(options);
    await view.refresh();
    return view;
  }

  /** Places a joining peer (again: a rejoin is placed afresh) and remembers where. */
  async placePeer(classId: string, peerId: string): Promise<string> {
    // A reset may have come from a node that just started draining: place with what it says now.
    await this.#refreshing;
    const node = await this.placement.peerNode(classId);
    this.#classPeers(classId).set(peerId, node);
    return node;
  }

  /** The peer's node; for a peer this server node does not know, the class's origin answers (`not_found`). */
  async peerNode(classId: string, peerId: string): Promise<string> {
    return this.#peers.get(classId)?.get(peerId) ?? (await this.placement.classNode(classId));
  }

  /** The node a peer was on, forgotten; undefined when it was not known or that node is gone. */
  forgetPeer(classId: string, peerId: string): string | undefined {
    const peers = this.#peers.get(classId);
    const node = peers?.get(peerId);
    peers?.delete(peerId);
    if (peers?.size === 0) this.#peers.delete(classId);
    return node !== undefined && this.placement.isAlive(node) ? node : undefined;
  }

  /** Pipes, records and loads that a media event makes stale. */
  follow(event: MediaEvent): void {
    if (event.type === "class-reset") {
      this.cascade.forgetClass(event.classId);
      void this.refresh();
    } else if (event.type === "producer-closed") {
      this.cascade.forgetProducer(event.classId, event.producerId);
      this.placement.forgetProducer(event.classId, event.producerId).catch((error: unknown) => {
        this.#logger.warn({ err: error }, "closed producer not forgotten");
      });
    }
  }

  /** Reads the registry; a node gone since the last read resets the classes it held here. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  close(): void {
    clearInterval(this.#timer);
  }

  async #refresh(): Promise<void> {
    let gone: string[];
    try {
      gone = await this.placement.refresh();
    } catch (error) {
      this.#logger.warn({ err: error }, "media node registry not read");
      return;
    }
    if (gone.length === 0) return;
    this.#logger.warn({ nodes: gone }, "media nodes left the cluster; their classes rejoin");
    for (const [classId, peers] of this.#peers) {
      const held = new Set([...peers.values(), ...(await this.placement.classNodesEver(classId).catch(() => []))]);
      if (!gone.some((node) => held.has(node))) continue;
      this.cascade.forgetClass(classId);
      this.#emit({ type: "class-reset", classId, reason: "node-died" });
    }
  }

  #classPeers(classId: string): Map<string, string> {
    let peers = this.#peers.get(classId);
    if (!peers) {
      peers = new Map();
      this.#peers.set(classId, peers);
    }
    return peers;
  }
}
