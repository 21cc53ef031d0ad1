import { randomBytes } from "node:crypto";
import type { MediaEvent, MediaPeer, MediaRequestErrorCode, MediaSource } from "@chalkline/shared";
import { pino } from "pino";
import { afterEach, expect, inject } from "vitest";
import { MediaRequestError } from "../errors";
import { MediaNode } from "../node";
import { openRedis, type RedisClient } from "../redis";
import { MediaClient } from "../rpc/client";
import { WorkerPool } from "../workers";
import { dtlsParameters, opusRtpParameters, peer, simulcastVp8RtpParameters } from "./fixtures";
import { useMediasoupWorkerBin } from "./worker-bin";

// Provided by tests/helpers/global-services.ts, which this package cannot import (it sits outside
// media/src); only the part used here is declared.
declare module "vitest" {
  export interface ProvidedContext {
    services: { redisUrl: string };
  }
}

useMediasoupWorkerBin();

const silent = pino({ level: "silent" });
const cleanups: Array<() => Promise<void> | void> = [];

// Every test leaves nothing behind: clients, nodes, pools, then connections.
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Like tests/helpers/ids.ts `uniqueName`: a test's channels never meet another test's. */
export function uniquePrefix(): string {
  return `media_${process.pid.toString(36)}_${randomBytes(4).toString("hex")}:`;
}

/** A command connection and a pub/sub connection to the run's Redis, closed after the test. */
export function connectRedis(): { redis: RedisClient; subscriber: RedisClient } {
  const { redisUrl } = inject("services");
  const redis = openRedis(redisUrl);
  const subscriber = openRedis(redisUrl, { pubsub: true });
  cleanups.push(async () => {
    await Promise.allSettled([redis.quit(), subscriber.quit()]);
  });
  return { redis, subscriber };
}

export async function startNode(opts: {
  prefix: string;
  workers?: number;
  consumersPerRouter?: number;
  maxTransportsPerClass?: number;
  maxTransportsPerNode?: number;
  peerLeaseMs?: number;
  /** Registry beats; short in tests that watch load or a node's death. */
  beatMs?: number;
  nodeId?: string;
}) {
  const pool = await WorkerPool.create({
    workerCount: opts.workers ?? 1,
    rtcMinPort: 42_000,
    rtcMaxPort: 42_999,
    logger: silent,
  });
  cleanups.push(() => pool.close());
  const node = await MediaNode.create({
    ...connectRedis(),
    pool,
    prefix: opts.prefix,
    listenIp: "127.0.0.1",
    consumersPerRouter: opts.consumersPerRouter,
    maxTransportsPerClass: opts.maxTransportsPerClass,
    maxTransportsPerNode: opts.maxTransportsPerNode,
    peerLeaseMs: opts.peerLeaseMs,
    beatMs: opts.beatMs,
    nodeId: opts.nodeId,
    logger: silent,
  });
  cleanups.push(() => node.close());
  return { pool, node };
}

/** A server node's client; `events` collects everything the media node publishes. */
export async function startClient(opts: {
  prefix: string;
  timeoutMs?: number;
  heartbeatMs?: number;
  maxConsumersPerNode?: number;
  clusterRefreshMs?: number;
}) {
  const client = await MediaClient.create({
    ...connectRedis(),
    prefix: opts.prefix,
    nodeId: `server-${randomBytes(3).toString("hex")}`,
    timeoutMs: opts.timeoutMs,
    heartbeatMs: opts.heartbeatMs,
    maxConsumersPerNode: opts.maxConsumersPerNode,
    clusterRefreshMs: opts.clusterRefreshMs,
    logger: silent,
  });
  cleanups.push(() => client.close());
  const events: MediaEvent[] = [];
  client.on("event", (event) => events.push(event));
  return { client, events };
}

/** A media node and one server node's client on a fresh prefix. */
export async function startMedia(
  opts: {
    workers?: number;
    consumersPerRouter?: number;
    maxTransportsPerClass?: number;
    maxTransportsPerNode?: number;
  } = {},
) {
  const prefix = uniquePrefix();
  const { pool, node } = await startNode({ ...opts, prefix });
  return { prefix, pool, node, ...(await startClient({ prefix })) };
}

export async function expectMediaError(promise: Promise<unknown>, code: MediaRequestErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MediaRequestError);
  expect((error as MediaRequestError).code).toBe(code);
}

/** Events arrive over Redis a moment after the request that caused them. */
export async function waitForEvent<T extends MediaEvent>(
  events: MediaEvent[],
  match: (event: MediaEvent) => event is T,
  timeoutMs = 5_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const found = events.find(match);
    if (found) return found;
    if (Date.now() - started > timeoutMs) throw new Error(`no matching media event within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The events of one type (an intersection, because one variant covers both pause and resume). */
type EventOf<K extends MediaEvent["type"]> = MediaEvent & { type: K };

/** Matches events by type and any of their fields. */
export function eventOf<K extends MediaEvent["type"]>(type: K, fields: Partial<EventOf<K>> = {}) {
  return (event: MediaEvent): event is EventOf<K> =>
    event.type === type && Object.entries(fields).every(([key, value]) => event[key as keyof MediaEvent] === value);
}

/** A peer in a class with a connected transport in one direction. */
export async function joinWithTransport(
  client: MediaClient,
  classId: string,
  who: MediaPeer,
  direction: "send" | "recv",
) {
  const joined = await client.join(classId, who);
  const transport = await client.createTransport(classId, who.peerId, direction);
  await client.connectTransport(classId, who.peerId, transport.id, dtlsParameters);
  return { ...joined, transportId: transport.id };
}

let nextSsrc = 10_000_000;

/** Publishes a source: Opus for the microphone, three-layer VP8 simulcast for camera and screen. */
export async function publish(
  client: MediaClient,
  classId: string,
  peerId: string,
  transportId: string,
  source: MediaSource = "mic",
): Promise<string> {
  nextSsrc += 10;
  const media =
    source === "mic"
      ? ({ kind: "audio", rtpParameters: opusRtpParameters(nextSsrc) } as const)
      : ({ kind: "video", rtpParameters: simulcastVp8RtpParameters(nextSsrc) } as const);
  return (await client.produce(classId, peerId, { transportId, source, ...media })).producerId;
}

/** Ann publishes her microphone in `classId` and Bob consumes it: the smallest class with media flowing. */
export async function annMicToBob(client: MediaClient, classId = "class-a") {
  const ann = peer("ann");
  const bob = peer("bob");
  const sender = await joinWithTransport(client, classId, ann, "send");
  const mic = await publish(client, classId, ann.peerId, sender.transportId);
  const receiver = await joinWithTransport(client, classId, bob, "recv");
  const consumer = await client.consume(classId, bob.peerId, {
    transportId: receiver.transportId,
    producerId: mic,
    rtpCapabilities: receiver.rtpCapabilities,
  });
  return { ann, bob, sender, mic, receiver, consumer };
}
