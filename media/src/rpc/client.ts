import { randomBytes, randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import {
  type ConsumerParams,
  type MediaEvent,
  type MediaHeartbeat,
  type MediaKind,
  type MediaMethod,
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
import { MediaRequestError } from "../errors";
import type { RedisClient } from "../redis";
import { mediaChannels } from "./channels";
import { assertSubscriber, parseJson, parseParams, parseResult, subscribeWhenReady } from "./protocol";

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
  logger?: Logger;
}

export interface MediaClientEvents {
  /** Every server node receives every event of the media node. */
  event: [MediaEvent];
}

interface Pending {
  settle: (reply: unknown) => void;
  fail: (error: MediaRequestError) => void;
}

/**
 * A server node's handle on the media node: one typed method per request, sent over Redis pub/sub
 * and answered on this node's reply channel. Every method rejects with a {@link MediaRequestError}.
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
    client.#startHeartbeat(options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    return client;
  }

  /** Idempotent. */
  async openClass(classId: string): Promise<{ rtpCapabilities: unknown }> {
    return this.#call("openClass", { classId });
  }

  /** Closes the class's routers and transports; idempotent. */
  async closeClass(classId: string): Promise<void> {
    await this.#call("closeClass", { classId });
  }

  /** Opens the class if needed; idempotent per peer id. `producers` are the other peers'. */
  async join(classId: string, peer: MediaPeer): Promise<{ rtpCapabilities: unknown; producers: MediaProducerInfo[] }> {
    return this.#call("join", { classId, peer });
  }

  /** Closes the peer's transports and producers (their events go out); idempotent. */
  async leave(classId: string, peerId: string): Promise<void> {
    await this.#call("leave", { classId, peerId });
  }

  async createTransport(classId: string, peerId: string, direction: "send" | "recv"): Promise<TransportParams> {
    return this.#call("createTransport", { classId, peerId, direction });
  }

  async connectTransport(classId: string, peerId: string, transportId: string, dtlsParameters: unknown): Promise<void> {
    await this.#call("connectTransport", { classId, peerId, transportId, dtlsParameters });
  }

  async produce(
    classId: string,
    peerId: string,
    p: { transportId: string; kind: MediaKind; rtpParameters: unknown; source: MediaSource; paused?: boolean },
  ): Promise<{ producerId: string }> {
    return this.#call("produce", { classId, peerId, ...p });
  }

  /** The consumer is created paused; the browser resumes it once its track is attached. */
  async consume(
    classId: string,
    peerId: string,
    p: { transportId: string; producerId: string; rtpCapabilities: unknown },
  ): Promise<ConsumerParams> {
    return this.#call("consume", { classId, peerId, ...p });
  }

  async resumeConsumer(classId: string, peerId: string, consumerId: string): Promise<void> {
    await this.#call("resumeConsumer", { classId, peerId, consumerId });
  }

  async setConsumerLayers(
    classId: string,
    peerId: string,
    consumerId: string,
    layers: { spatialLayer: number; temporalLayer?: number },
  ): Promise<void> {
    await this.#call("setConsumerLayers", { classId, peerId, consumerId, ...layers });
  }

  async pauseProducer(classId: string, peerId: string, producerId: string): Promise<void> {
    await this.#call("pauseProducer", { classId, peerId, producerId });
  }

  async resumeProducer(classId: string, peerId: string, producerId: string): Promise<void> {
    await this.#call("resumeProducer", { classId, peerId, producerId });
  }

  async closeProducer(classId: string, peerId: string, producerId: string): Promise<void> {
    await this.#call("closeProducer", { classId, peerId, producerId });
  }

  /** Server-side mute: closes the matching producers with reason "muted"; returns their ids. */
  async closeProducers(classId: string, filter: { userId?: string; sources?: MediaSource[] }): Promise<string[]> {
    return this.#call("closeProducers", { classId, ...filter });
  }

  async stats(classId: string): Promise<MediaResult<"stats">> {
    return this.#call("stats", { classId });
  }

  /** Fails what is still waiting as `unavailable` and stops listening; idempotent. The connections stay open. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
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

  #call<M extends MediaMethod>(method: M, params: MediaParams<M>): Promise<MediaResult<M>> {
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
      this.#redis.publish(this.#channels.rpc, JSON.stringify(request)).then(
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
    if (event.success) this.emit("event", event.data);
    else this.#logger.warn({ message: message.slice(0, 200) }, "malformed media event dropped");
  }
}
