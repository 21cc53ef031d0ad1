import { randomBytes, randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import {
  type ConsumerParams,
  type MediaEvent,
  type MediaHeartbeat,
  type MediaKind,
  type MediaMethod,
  type MediaNodeEntry,
  type MediaParams,
  type MediaPeer,
  type MediaProducerInfo,
  type MediaRequest,
  type MediaResult,
  type MediaSource,
  mediaEventSchema,
  mediaReplySchema,
  type TransportParams,
} from "@chalkline/shared";
import { type Logger, pino } from "pino";
import { ClusterView } from "../cluster/cluster-view";
import { MediaRequestError } from "../errors";
import type { RedisClient } from "../redis";
import { mediaChannels } from "./channels";
import { assertSubscriber, parseJson, parseParams, parseResult, publishRequest, subscribeWhenReady } from "./protocol";

const DEFAULT_TIMEOUT_MS = 10_000;
/** Well inside the media node's peer lease (DEFAULT_PEER_LEASE_MS, 30 s): a few heartbeats may be lost. */
const DEFAULT_HEARTBEAT_MS = 5_000;

export interface MediaClientOptions {
  /** Command connection (publishes requests). */
  redis: RedisClient;
  /** Dedicated pub/sub connection, without auto-pipelining. */
  subscriber: RedisClient;
  /** REDIS_KEY_PREFIX. */
  prefix: string;
  /** This server node's id (SERVER_ID): replies come back on its own channel. */
  nodeId: string;
  /** A request without a reply within this time fails as `unavailable`. */
  timeoutMs?: number;
  /** How often the media node is told this node is alive; its peers are closed when that stops. */
  heartbeatMs?: number;
  /** Consumers a media node serves before newcomers to its classes go to another node (MEDIA_NODE_MAX_CONSUMERS). */
  maxConsumersPerNode?: number;
  /** How often the media node registry is read (tests shorten it). */
  clusterRefreshMs?: number;
  logger?: Logger;
}

export interface MediaClientEvents {
  /** Every server node receives every event of every media node, and makes up `class-reset` when one dies. */
  event: [MediaEvent];
}

interface Pending {
  settle: (reply: unknown) => void;
  fail: (error: MediaRequestError) => void;
}

/**
 * A server node's handle on the media nodes: one typed method per request, sent over Redis pub/sub
 * to the node the class or peer is placed on (cluster/placement.ts) and answered on this node's
 * reply channel. Which node a peer is on never shows. Every method rejects with a {@link MediaRequestError}.
 */
export class MediaClient extends EventEmitter<MediaClientEvents> {
  readonly #redis: RedisClient;
  readonly #subscriber: RedisClient;
  readonly #channels: ReturnType<typeof mediaChannels>;
  readonly #replyChannel: string;
  readonly #nodeId: string;
  readonly #timeoutMs: number;
  readonly #logger: Logger;
  readonly #pending = new Map<string, Pending>();
  #cluster!: ClusterView;
  #heartbeat: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(options: MediaClientOptions) {
    super();
    this.#redis = options.redis;
    this.#subscriber = options.subscriber;
    this.#channels = mediaChannels(options.prefix);
    // One id per process, so that a node restarted under the same SERVER_ID does not renew the
    // lease on the peers of its previous life.
    this.#nodeId = `${options.nodeId}~${randomBytes(4).toString("hex")}`;
    this.#replyChannel = this.#channels.reply(this.#nodeId);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#logger = options.logger ?? pino({ name: "media-client" });
  }

  static async create(options: MediaClientOptions): Promise<MediaClient> {
    assertSubscriber(options.subscriber);
    const client = new MediaClient(options);
    options.subscriber.on("message", client.#onMessage);
    await subscribeWhenReady(options.subscriber, client.#replyChannel, client.#channels.events);
    client.#cluster = await ClusterView.create({
      redis: options.redis,
      prefix: options.prefix,
      call: (node, method, params) => client.#call(node, method, params),
      maxConsumersPerNode: options.maxConsumersPerNode,
      refreshMs: options.clusterRefreshMs,
      emit: (event) => client.emit("event", event),
      logger: client.#logger,
    });
    client.#startHeartbeat(options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    return client;
  }

  /** Idempotent. */
  async openClass(classId: string): Promise<{ rtpCapabilities: unknown }> {
    return this.#call(await this.#cluster.placement.classNode(classId), "openClass", { classId });
  }

  /** Closes the class's routers and transports on every node; idempotent. */
  async closeClass(classId: string): Promise<void> {
    await this.#everyNode(classId, (node) => this.#call(node, "closeClass", { classId }));
    this.#cluster.cascade.forgetClass(classId);
    await this.#cluster.placement.forget(classId);
  }

  /**
   * Places the peer on a media node and opens the class there if needed; idempotent per peer id.
   * `producers` are the other peers', on every node of the class.
   */
  async join(classId: string, peer: MediaPeer): Promise<{ rtpCapabilities: unknown; producers: MediaProducerInfo[] }> {
    const node = await this.#cluster.placePeer(classId, peer.peerId);
    const joined = await this.#call(node, "join", { classId, peer });
    const elsewhere = (await this.#cluster.placement.classNodes(classId)).filter((n) => n !== node);
    // A node whose part of the class already ended has nothing to add.
    const more = await Promise.all(
      elsewhere.map((n) => this.#call(n, "producers", { classId }).catch(() => [] as MediaProducerInfo[])),
    );
    const seen = new Set(joined.producers.map((p) => p.producerId));
    const producers = [...joined.producers];
    for (const p of more.flat()) {
      if (p.peerId === peer.peerId || seen.has(p.producerId)) continue;
      seen.add(p.producerId);
      producers.push(p);
    }
    return { rtpCapabilities: joined.rtpCapabilities, producers };
  }

  /** Closes the peer's transports and producers (their events go out); idempotent, also when its node died. */
  async leave(classId: string, peerId: string): Promise<void> {
    const node = this.#cluster.forgetPeer(classId, peerId);
    if (node !== undefined) await this.#call(node, "leave", { classId, peerId });
  }

  async createTransport(classId: string, peerId: string, direction: "send" | "recv"): Promise<TransportParams> {
    return this.#call(await this.#peerNode(classId, peerId), "createTransport", { classId, peerId, direction });
  }

  async connectTransport(classId: string, peerId: string, transportId: string, dtlsParameters: unknown): Promise<void> {
    const node = await this.#peerNode(classId, peerId);
    await this.#call(node, "connectTransport", { classId, peerId, transportId, dtlsParameters });
  }

  async produce(
    classId: string,
    peerId: string,
    p: { transportId: string; kind: MediaKind; rtpParameters: unknown; source: MediaSource; paused?: boolean },
  ): Promise<{ producerId: string }> {
    const node = await this.#peerNode(classId, peerId);
    const produced = await this.#call(node, "produce", { classId, peerId, ...p });
    await this.#cluster.placement.recordProducer(classId, produced.producerId, node);
    return produced;
  }

  /**
   * The consumer is created paused; the browser resumes it once its track is attached. A producer
   * made on another media node is piped to the consumer's node first.
   */
  async consume(
    classId: string,
    peerId: string,
    p: { transportId: string; producerId: string; rtpCapabilities: unknown },
  ): Promise<ConsumerParams> {
    const node = await this.#peerNode(classId, peerId);
    const origin = await this.#cluster.placement.producerNode(classId, p.producerId);
    if (origin !== undefined && origin !== node && this.#cluster.placement.isAlive(origin)) {
      await this.#cluster.cascade.pipe(classId, p.producerId, origin, node);
    }
    return this.#call(node, "consume", { classId, peerId, ...p });
  }

  async resumeConsumer(classId: string, peerId: string, consumerId: string): Promise<void> {
    await this.#call(await this.#peerNode(classId, peerId), "resumeConsumer", { classId, peerId, consumerId });
  }

  async setConsumerLayers(
    classId: string,
    peerId: string,
    consumerId: string,
    layers: { spatialLayer: number; temporalLayer?: number },
  ): Promise<void> {
    const node = await this.#peerNode(classId, peerId);
    await this.#call(node, "setConsumerLayers", { classId, peerId, consumerId, ...layers });
  }

  async pauseProducer(classId: string, peerId: string, producerId: string): Promise<void> {
    await this.#call(await this.#peerNode(classId, peerId), "pauseProducer", { classId, peerId, producerId });
  }

  async resumeProducer(classId: string, peerId: string, producerId: string): Promise<void> {
    await this.#call(await this.#peerNode(classId, peerId), "resumeProducer", { classId, peerId, producerId });
  }

  async closeProducer(classId: string, peerId: string, producerId: string): Promise<void> {
    await this.#call(await this.#peerNode(classId, peerId), "closeProducer", { classId, peerId, producerId });
  }

  /** Server-side mute, on every node of the class: closes the matching producers with reason "muted"; returns their ids. */
  async closeProducers(classId: string, filter: { userId?: string; sources?: MediaSource[] }): Promise<string[]> {
    const closed = await this.#everyNode(classId, (node) => this.#call(node, "closeProducers", { classId, ...filter }));
    return closed.flat();
  }

  /** The class's media summed over its nodes. */
  async stats(classId: string): Promise<MediaResult<"stats">> {
    const all = await this.#everyNode(classId, (node) => this.#call(node, "stats", { classId }));
    const sum = (key: "routers" | "peers" | "transports" | "producers" | "consumers") =>
      all.reduce((n, s) => n + s[key], 0);
    return {
      routers: sum("routers"),
      peers: sum("peers"),
      transports: sum("transports"),
      producers: sum("producers"),
      consumers: sum("consumers"),
      workerPids: all.flatMap((s) => s.workerPids),
    };
  }

  /** The media nodes alive now, with their load, as the registry says. */
  async nodes(): Promise<MediaNodeEntry[]> {
    await this.#cluster.refresh();
    return this.#cluster.placement.nodes;
  }

  /** Tells one media node to drain (or to take classes again). */
  async drainNode(mediaNodeId: string, draining = true): Promise<void> {
    await this.#call(mediaNodeId, "drain", { draining });
    await this.#cluster.refresh();
  }

  /** Fails what is still waiting as `unavailable` and stops listening; idempotent. The connections stay open. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    this.#cluster.close();
    for (const pending of this.#pending.values())
      pending.fail(new MediaRequestError("unavailable", "media client closed"));
    this.#subscriber.off("message", this.#onMessage);
    await this.#subscriber.unsubscribe(this.#replyChannel, this.#channels.events);
  }

  #startHeartbeat(intervalMs: number): void {
    const heartbeat: MediaHeartbeat = { nodeId: this.#nodeId };
    const beat = () => {
      this.#redis.publish(this.#channels.heartbeat, JSON.stringify(heartbeat)).catch((error: unknown) => {
        this.#logger.warn({ err: error }, "media heartbeat not sent");
      });
    };
    beat();
    this.#heartbeat = setInterval(beat, intervalMs).unref();
  }

  #peerNode(classId: string, peerId: string): Promise<string> {
    return this.#cluster.peerNode(classId, peerId);
  }

  /**
   * Asks the class's origin and every live node holding its peers; nodes where it is not open (any
   * more) are left out, and a class open nowhere fails as `not_found`.
   */
  async #everyNode<T>(classId: string, request: (node: string) => Promise<T>): Promise<T[]> {
    const origin = await this.#cluster.placement.classNode(classId);
    const nodes = new Set([origin, ...(await this.#cluster.placement.classNodes(classId))]);
    const settled = await Promise.allSettled([...nodes].map(request));
    const answers: T[] = [];
    let notFound: unknown;
    for (const result of settled) {
      if (result.status === "fulfilled") answers.push(result.value);
      else if (result.reason instanceof MediaRequestError && result.reason.code === "not_found")
        notFound = result.reason;
      else throw result.reason;
    }
    if (answers.length === 0 && notFound) throw notFound;
    return answers;
  }

  #call<M extends MediaMethod>(mediaNodeId: string, method: M, params: MediaParams<M>): Promise<MediaResult<M>> {
    return new Promise((resolve, reject) => {
      if (this.#closed) throw new MediaRequestError("unavailable", "media client closed");
      const request: MediaRequest = {
        id: randomUUID(),
        replyTo: this.#nodeId,
        method,
        params: parseParams(method, params),
      };
      const done = () => {
        clearTimeout(timer);
        this.#pending.delete(request.id);
      };
      const fail = (error: MediaRequestError) => {
        done();
        reject(error);
      };
      // After this the id is forgotten, so a late reply is dropped.
      const timer = setTimeout(
        () =>
          fail(new MediaRequestError("unavailable", `no media node answered ${method} within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
      this.#pending.set(request.id, {
        fail,
        settle: (data) => {
          done();
          try {
            resolve(parseResult(method, data));
          } catch (error) {
            reject(error);
          }
        },
      });
      publishRequest(this.#redis, this.#channels.rpc(mediaNodeId), JSON.stringify(request)).then(
        (receivers) => {
          if (receivers === 0) fail(new MediaRequestError("unavailable", "no media node is listening"));
        },
        (error: unknown) => fail(new MediaRequestError("unavailable", "media request not sent", { cause: error })),
      );
    });
  }

  readonly #onMessage = (channel: string, message: string): void => {
    if (channel === this.#replyChannel) this.#onReply(message);
    else if (channel === this.#channels.events) this.#onEvent(message);
  };

  #onReply(message: string): void {
    const reply = mediaReplySchema.safeParse(parseJson(message));
    if (!reply.success) {
      this.#logger.warn({ message: message.slice(0, 200) }, "malformed media reply dropped");
      return;
    }
    const pending = this.#pending.get(reply.data.id);
    if (!pending) return;
    if (reply.data.ok) pending.settle(reply.data.data);
    else pending.fail(new MediaRequestError(reply.data.error.code, reply.data.error.message));
  }

  #onEvent(message: string): void {
    const event = mediaEventSchema.safeParse(parseJson(message));
    if (!event.success) {
      this.#logger.warn({ message: message.slice(0, 200) }, "malformed media event dropped");
      return;
    }
    this.#cluster.follow(event.data);
    this.emit("event", event.data);
  }
}
