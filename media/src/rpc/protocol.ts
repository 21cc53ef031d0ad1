import { once } from "node:events";
import { type MediaMethod, type MediaParams, type MediaResult, mediaMethods } from "@chalkline/shared";
import { Cluster } from "ioredis";
import { z } from "zod";
import { MediaRequestError } from "../errors";
import type { RedisClient } from "../redis";

/** Both ends check a request's parameters: the server node before sending, the media node on receipt. */
export function parseParams<M extends MediaMethod>(method: M, params: unknown): MediaParams<M> {
  const parsed = mediaMethods[method].params.safeParse(params);
  if (!parsed.success) throw new MediaRequestError("invalid_payload", `${method}: ${z.prettifyError(parsed.error)}`);
  return parsed.data as MediaParams<M>;
}

/** Both ends check a result: a wrong one is a bug of the media node, never the caller's fault. */
export function parseResult<M extends MediaMethod>(method: M, result: unknown): MediaResult<M> {
  const parsed = mediaMethods[method].result.safeParse(result);
  if (!parsed.success) throw new MediaRequestError("internal", `${method} answered ${z.prettifyError(parsed.error)}`);
  return parsed.data as MediaResult<M>;
}

/**
 * Pub/sub connections in this project go without auto-pipelining (server/src/platform/redis.ts): with
 * it, (UN)SUBSCRIBE waits for the next batch instead of being written at once, so an
 * unsubscribe on close may not be answered before the connection quits. Refused up front.
 */
export function assertSubscriber(subscriber: RedisClient): void {
  if (subscriber.options.enableAutoPipelining) {
    throw new Error("the media subscriber connection must be created with enableAutoPipelining: false");
  }
}

/** A message that is not JSON is as malformed as one of the wrong shape: its schema rejects it. */
export function parseJson(message: string): unknown {
  try {
    return JSON.parse(message);
  } catch {
    return undefined;
  }
}

/**
 * ioredis writes SUBSCRIBE on a connection that is still connecting (Redis lets it run while
 * loading), ahead of its own ready check; that check (INFO) then fails in subscriber mode, the
 * connection is reset and the subscription is silently lost. So subscribe only once ready.
 */
export async function subscribeWhenReady(subscriber: RedisClient, ...channels: string[]): Promise<void> {
  await whenReady(subscriber);
  await subscriber.subscribe(...channels);
}

async function whenReady(subscriber: RedisClient): Promise<void> {
  if (subscriber.status === "wait") await subscriber.connect();
  else if (subscriber.status !== "ready") await once(subscriber, "ready");
}

/**
 * A media node's request channel is a shard channel on a Redis Cluster (SPUBLISH/SSUBSCRIBE, its messages arrive as
 * `smessage`). A client fails a request at once when PUBLISH reached no subscriber, and a cluster counts only the
 * subscribers on the node that took the PUBLISH; SPUBLISH goes to the channel's shard, where all of them are. A
 * single Redis keeps PUBLISH, which counts them all (and predates Redis 7's shard channels).
 */
export async function publishRequest(redis: RedisClient, channel: string, message: string): Promise<number> {
  // ioredis types SPUBLISH's reply as unknown; Redis answers an integer, like PUBLISH.
  return redis instanceof Cluster ? Number(await redis.spublish(channel, message)) : redis.publish(channel, message);
}

/** Listens on a request channel (see `publishRequest`), once ready as `subscribeWhenReady` does. */
export async function subscribeRequests(subscriber: RedisClient, channel: string): Promise<void> {
  if (!(subscriber instanceof Cluster)) return subscribeWhenReady(subscriber, channel);
  await whenReady(subscriber);
  await subscriber.ssubscribe(channel);
}

export async function unsubscribeRequests(subscriber: RedisClient, channel: string): Promise<void> {
  await (subscriber instanceof Cluster ? subscriber.sunsubscribe(channel) : subscriber.unsubscribe(channel));
}
