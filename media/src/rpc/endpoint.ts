import {
  type MediaEvent,
  type MediaMethod,
  type MediaReply,
  mediaEventSchema,
  mediaHeartbeatSchema,
  mediaRequestHeaderSchema,
  mediaRequestSchema,
} from "@chalkline/shared";
import type { Logger } from "pino";
import { z } from "zod";
import { MediaError, MediaRequestError } from "../errors";
import type { RedisClient } from "../redis";
import { mediaChannels } from "./channels";
import type { MediaHandlers } from "./handlers";
import {
  assertSubscriber,
  parseJson,
  parseParams,
  parseResult,
  subscribeRequests,
  subscribeWhenReady,
  unsubscribeRequests,
} from "./protocol";

export interface MediaEndpointOptions {
  redis: RedisClient;
  subscriber: RedisClient;
  prefix: string;
  /** This media node's id: requests come on its own channel. */
  mediaNodeId: string;
  handlers: MediaHandlers;
  /** An event of any media node, this one's included. */
  onEvent: (event: MediaEvent) => void;
  /** A server node showed it is alive: it sent a request or a heartbeat. */
  onNodeSeen: (nodeId: string) => void;
  logger: Logger;
}

/**
 * The media node's end of signalling: answers requests from the rpc channel, publishes events, and
 * hears the server nodes' heartbeats.
 */
export class MediaEndpoint {
  readonly #redis: RedisClient;
  readonly #subscriber: RedisClient;
  readonly #channels: ReturnType<typeof mediaChannels>;
  readonly #rpcChannel: string;
  readonly #onEvent: (event: MediaEvent) => void;
  readonly #handlers: MediaHandlers;
  readonly #onNodeSeen: (nodeId: string) => void;
  readonly #logger: Logger;
  #closed = false;

  private constructor(options: MediaEndpointOptions) {
    this.#redis = options.redis;
    this.#subscriber = options.subscriber;
    this.#channels = mediaChannels(options.prefix);
    this.#rpcChannel = this.#channels.rpc(options.mediaNodeId);
    this.#onEvent = options.onEvent;
    this.#handlers = options.handlers;
    this.#onNodeSeen = options.onNodeSeen;
    this.#logger = options.logger;
  }

  static async create(options: MediaEndpointOptions): Promise<MediaEndpoint> {
    assertSubscriber(options.subscriber);
    const endpoint = new MediaEndpoint(options);
    options.subscriber.on("message", endpoint.#onMessage);
    options.subscriber.on("smessage", endpoint.#onMessage);
    await subscribeWhenReady(options.subscriber, endpoint.#channels.heartbeat, endpoint.#channels.events);
    await subscribeRequests(options.subscriber, endpoint.#rpcChannel);
    return endpoint;
  }

  publish(event: MediaEvent): void {
    const message = JSON.stringify(mediaEventSchema.parse(event));
    this.#redis.publish(this.#channels.events, message).catch((error: unknown) => {
      this.#logger.error({ err: error, type: event.type, classId: event.classId }, "media event not published");
    });
  }

  /** Stops answering; idempotent. The connections belong to the caller. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#subscriber.off("message", this.#onMessage);
    this.#subscriber.off("smessage", this.#onMessage);
    await Promise.all([
      unsubscribeRequests(this.#subscriber, this.#rpcChannel),
      this.#subscriber.unsubscribe(this.#channels.heartbeat, this.#channels.events),
    ]);
  }

  readonly #onMessage = (channel: string, message: string): void => {
    if (channel === this.#rpcChannel) void this.#answer(message);
    else if (channel === this.#channels.heartbeat) this.#onHeartbeat(message);
    else if (channel === this.#channels.events) this.#onPeerEvent(message);
  };

  /** Events of every media node reach the others too: copies of piped producers follow their origin. */
  #onPeerEvent(message: string): void {
    const event = mediaEventSchema.safeParse(parseJson(message));
    if (event.success) this.#onEvent(event.data);
  }

  #onHeartbeat(message: string): void {
    const heartbeat = mediaHeartbeatSchema.safeParse(parseJson(message));
    if (heartbeat.success) this.#onNodeSeen(heartbeat.data.nodeId);
    else this.#logger.warn({ message: message.slice(0, 200) }, "malformed heartbeat dropped");
  }

  async #answer(message: string): Promise<void> {
    const json = parseJson(message);
    const header = mediaRequestHeaderSchema.safeParse(json);
    // Without an id and a reply channel there is no one to answer.
    if (!header.success) {
      this.#logger.warn({ message: message.slice(0, 200) }, "unanswerable media request dropped");
      return;
    }
    this.#onNodeSeen(header.data.replyTo);
    const reply = await this.#dispatch(header.data.id, header.data.replyTo, json);
    try {
      await this.#redis.publish(this.#channels.reply(header.data.replyTo), JSON.stringify(reply));
    } catch (error) {
      this.#logger.error({ err: error, replyTo: header.data.replyTo }, "media reply not published");
    }
  }

  async #dispatch(id: string, nodeId: string, json: unknown): Promise<MediaReply> {
    try {
      const request = mediaRequestSchema.safeParse(json);
      if (!request.success) throw new MediaRequestError("invalid_payload", z.prettifyError(request.error));
      return { id, ok: true, data: await this.#invoke(request.data.method, request.data.params, nodeId) };
    } catch (error) {
      return { id, ok: false, error: this.#errorBody(error) };
    }
  }

  async #invoke<M extends MediaMethod>(method: M, params: unknown, nodeId: string): Promise<unknown> {
    const handler = this.#handlers[method] as (params: unknown, nodeId: string) => Promise<unknown>;
    return parseResult(method, await handler(parseParams(method, params), nodeId));
  }

  /** Operational errors go back as they are; anything else is logged here and answered as `internal`. */
  #errorBody(error: unknown): { code: MediaRequestError["code"]; message: string } {
    if (error instanceof MediaRequestError && error.code !== "internal")
      return { code: error.code, message: error.message };
    if (error instanceof MediaError && (error.code === "no_worker" || error.code === "pool_closed")) {
      return { code: "unavailable", message: error.message };
    }
    this.#logger.error({ err: error }, "media request failed");
    return { code: "internal", message: "the media node failed to handle the request" };
  }
}
