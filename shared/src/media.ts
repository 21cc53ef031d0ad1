import { z } from "zod";
import { errorCodeSchema } from "./errors";
import { MEDIA_SOURCES, mediaSourceSchema } from "./live";

/**
 * The media signalling contract between server nodes and the media node: request/reply over
 * Redis pub/sub, and the events the media node publishes to every server node. Both ends parse
 * everything they receive with these schemas.
 */

/** What a producer carries; a screen share is its own producer with source "screen". */
export type MediaSource = z.infer<typeof mediaSourceSchema>;

export const mediaKindSchema = z.enum(["audio", "video"]);
export type MediaKind = z.infer<typeof mediaKindSchema>;

const idSchema = z.string().min(1).max(128);

/**
 * A mediasoup structure the media node passes on (RTP parameters and capabilities, DTLS
 * parameters): only checked to be an object here, because mediasoup validates it in depth and
 * its error is answered as `invalid_payload`.
 */
const mediasoupObjectSchema = z.custom<unknown>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  { error: "expected an object" },
);

export const mediaPeerSchema = z.object({
  /** The Socket.IO socket id: one user may be in a class from several tabs. */
  peerId: idSchema,
  userId: idSchema,
  displayName: z.string().max(200),
});
export type MediaPeer = z.infer<typeof mediaPeerSchema>;

export const mediaProducerInfoSchema = z.object({
  producerId: z.string(),
  peerId: z.string(),
  userId: z.string(),
  displayName: z.string(),
  kind: mediaKindSchema,
  source: mediaSourceSchema,
  paused: z.boolean(),
});
export type MediaProducerInfo = z.infer<typeof mediaProducerInfoSchema>;

/** What a browser needs to create its side of a WebRTC transport. */
export const transportParamsSchema = z.object({
  id: z.string(),
  iceParameters: z.unknown(),
  iceCandidates: z.array(z.unknown()),
  dtlsParameters: z.unknown(),
});
export type TransportParams = z.infer<typeof transportParamsSchema>;

/** What a browser needs to create a consumer; `peerId`, `userId` and `source` are the producer's. */
export const consumerParamsSchema = z.object({
  id: z.string(),
  producerId: z.string(),
  kind: mediaKindSchema,
  rtpParameters: z.unknown(),
  source: mediaSourceSchema,
  peerId: z.string(),
  userId: z.string(),
  paused: z.boolean(),
  producerPaused: z.boolean(),
});
export type ConsumerParams = z.infer<typeof consumerParamsSchema>;

export const PRODUCER_CLOSE_REASONS = ["closed", "muted", "peer-left", "transport-closed"] as const;
export type ProducerCloseReason = (typeof PRODUCER_CLOSE_REASONS)[number];

/** Published by the media node to every server node. */
export const mediaEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("producer-closed"),
    classId: z.string(),
    producerId: z.string(),
    peerId: z.string(),
    userId: z.string(),
    source: mediaSourceSchema,
    reason: z.enum(PRODUCER_CLOSE_REASONS),
  }),
  z.object({
    type: z.literal("consumer-closed"),
    classId: z.string(),
    peerId: z.string(),
    consumerId: z.string(),
    producerId: z.string(),
  }),
  z.object({
    type: z.literal(["producer-paused", "producer-resumed"]),
    classId: z.string(),
    producerId: z.string(),
    peerId: z.string(),
  }),
  z.object({
    type: z.literal("active-speaker"),
    classId: z.string(),
    peerId: z.string().nullable(),
    userId: z.string().nullable(),
  }),
  /**
   * Every peer of the class must join again (new transports): its media was on a worker or a media
   * node that died, or on a node being drained.
   */
  z.object({
    type: z.literal("class-reset"),
    classId: z.string(),
    reason: z.enum(["worker-died", "node-died", "node-draining"]),
  }),
  z.object({
    type: z.literal("consumer-layers"),
    classId: z.string(),
    peerId: z.string(),
    consumerId: z.string(),
    spatialLayer: z.number().int().nullable(),
  }),
]);
export type MediaEvent = z.infer<typeof mediaEventSchema>;

/** The codes a media request fails with; a subset of the platform's, so the server can ack them as they are. */
export const mediaRequestErrorCodeSchema = errorCodeSchema.extract([
  "forbidden",
  "limit_reached",
  "not_found",
  "invalid_payload",
  "unavailable",
  "internal",
]);
export type MediaRequestErrorCode = z.infer<typeof mediaRequestErrorCodeSchema>;

const classRef = { classId: idSchema };
/**
 * Where a media node's end of a pipe between two nodes listens (its announced address), and the
 * SRTP key it encrypts with: between hosts, a class's media is never sent in the clear.
 */
const pipeTupleSchema = z.object({
  ip: z.string().min(1).max(64),
  port: z.number().int().min(1).max(65535),
  srtpParameters: z.object({ cryptoSuite: z.string().max(64), keyBase64: z.string().max(256) }),
});
export type PipeTuple = z.infer<typeof pipeTupleSchema>;
/** A producer as one media node hands it to another over a pipe: the pipe consumer's RTP and whose it is. */
const pipedProducerSchema = mediaProducerInfoSchema.extend({ rtpParameters: mediasoupObjectSchema });
export type PipedProducer = z.infer<typeof pipedProducerSchema>;
const peerRef = { classId: idSchema, peerId: idSchema };
const producerRef = z.strictObject({ ...peerRef, producerId: idSchema });
const done = z.null();

/** Every media request: its parameters and its result. */
export const mediaMethods = {
  openClass: { params: z.strictObject(classRef), result: z.object({ rtpCapabilities: z.unknown() }) },
  closeClass: { params: z.strictObject(classRef), result: done },
  join: {
    params: z.strictObject({ ...classRef, peer: mediaPeerSchema }),
    result: z.object({ rtpCapabilities: z.unknown(), producers: z.array(mediaProducerInfoSchema) }),
  },
  leave: { params: z.strictObject(peerRef), result: done },
  createTransport: {
    params: z.strictObject({ ...peerRef, direction: z.enum(["send", "recv"]) }),
    result: transportParamsSchema,
  },
  connectTransport: {
    params: z.strictObject({ ...peerRef, transportId: idSchema, dtlsParameters: mediasoupObjectSchema }),
    result: done,
  },
  produce: {
    params: z.strictObject({
      ...peerRef,
      transportId: idSchema,
      kind: mediaKindSchema,
      rtpParameters: mediasoupObjectSchema,
      source: mediaSourceSchema,
      paused: z.boolean().optional(),
    }),
    result: z.object({ producerId: z.string() }),
  },
  consume: {
    params: z.strictObject({
      ...peerRef,
      transportId: idSchema,
      producerId: idSchema,
      rtpCapabilities: mediasoupObjectSchema,
    }),
    result: consumerParamsSchema,
  },
  resumeConsumer: { params: z.strictObject({ ...peerRef, consumerId: idSchema }), result: done },
  setConsumerLayers: {
    params: z.strictObject({
      ...peerRef,
      consumerId: idSchema,
      spatialLayer: z.number().int().min(0).max(15),
      temporalLayer: z.number().int().min(0).max(15).optional(),
    }),
    result: done,
  },
  pauseProducer: { params: producerRef, result: done },
  resumeProducer: { params: producerRef, result: done },
  closeProducer: { params: producerRef, result: done },
  /** Server-side mute: closes the matching producers (all of the class when the filter is empty). */
  closeProducers: {
    params: z.strictObject({
      ...classRef,
      userId: idSchema.optional(),
      sources: z.array(mediaSourceSchema).max(MEDIA_SOURCES.length).optional(),
    }),
    result: z.array(z.string()),
  },
  /** The producers of the peers on this node (not those piped in from other nodes). */
  producers: { params: z.strictObject(classRef), result: z.array(mediaProducerInfoSchema) },
  /**
   * This node's end of the class's pipe to another media node: created on first call, connected to
   * `remote` once given; idempotent. Returns the address the other node connects to.
   */
  pipeLink: {
    params: z.strictObject({ ...classRef, remoteNodeId: idSchema, remote: pipeTupleSchema.optional() }),
    result: pipeTupleSchema,
  },
  /** Sends a producer of this node down the pipe to `remoteNodeId`; idempotent per producer. */
  pipeExport: {
    params: z.strictObject({ ...classRef, remoteNodeId: idSchema, producerId: idSchema }),
    result: pipedProducerSchema,
  },
  /** Makes a producer of `remoteNodeId` consumable here, under its own id; idempotent per producer. */
  pipeImport: {
    params: z.strictObject({ ...classRef, remoteNodeId: idSchema, producer: pipedProducerSchema }),
    result: done,
  },
  /** A draining node takes no new classes or peers; its classes move when their peers rejoin. */
  drain: { params: z.strictObject({ draining: z.boolean() }), result: done },
  stats: {
    params: z.strictObject(classRef),
    result: z.object({
      routers: z.number().int(),
      peers: z.number().int(),
      /** Open WebRTC transports, and those being created. */
      transports: z.number().int(),
      producers: z.number().int(),
      consumers: z.number().int(),
      workerPids: z.array(z.number().int()),
    }),
  },
} as const;

export type MediaMethod = keyof typeof mediaMethods;
export const mediaMethodSchema = z.enum(Object.keys(mediaMethods) as [MediaMethod, ...MediaMethod[]]);
export type MediaParams<M extends MediaMethod> = z.infer<(typeof mediaMethods)[M]["params"]>;
export type MediaResult<M extends MediaMethod> = z.infer<(typeof mediaMethods)[M]["result"]>;

/** The part of a request the media node needs to answer at all; without it a message is dropped. */
export const mediaRequestHeaderSchema = z.object({
  id: z.string().min(1).max(64),
  /** The server node's reply channel suffix (its node id). */
  replyTo: z.string().min(1).max(200),
});

export const mediaRequestSchema = mediaRequestHeaderSchema.extend({
  method: mediaMethodSchema,
  params: z.unknown(),
});
export type MediaRequest = z.infer<typeof mediaRequestSchema>;

/**
 * What each server node publishes every few seconds while it is alive. The media node closes the
 * peers a node joined once it has not heard from that node for a lease: a crashed node's
 * browsers are gone, and their media with them.
 */
export const mediaHeartbeatSchema = z.strictObject({ nodeId: z.string().min(1).max(200) });
export type MediaHeartbeat = z.infer<typeof mediaHeartbeatSchema>;

/**
 * What a media node says about itself in the registry every few seconds: where to reach it and how
 * loaded it is. An entry that is not renewed expires, and the node is taken for dead.
 */
export const mediaNodeEntrySchema = z.object({
  nodeId: idSchema,
  /** The address other media nodes reach its pipe transports at. */
  announcedIp: z.string(),
  draining: z.boolean(),
  workers: z.number().int(),
  classes: z.number().int(),
  routers: z.number().int(),
  transports: z.number().int(),
  consumers: z.number().int(),
  /** CPU time its workers used since the previous beat, in percent of one core. */
  cpuPercent: z.number(),
  beatAtMs: z.number(),
});
export type MediaNodeEntry = z.infer<typeof mediaNodeEntrySchema>;

/** `PUT /api/admin/media-nodes/:nodeId/draining`: drain a media node, or let it take classes again. */
export const mediaNodeDrainBodySchema = z.strictObject({ draining: z.boolean() });
export const mediaNodeListSchema = z.object({ nodes: z.array(mediaNodeEntrySchema) });

export const mediaReplySchema = z.discriminatedUnion("ok", [
  z.object({ id: z.string(), ok: z.literal(true), data: z.unknown() }),
  z.object({
    id: z.string(),
    ok: z.literal(false),
    error: z.object({ code: mediaRequestErrorCodeSchema, message: z.string() }),
  }),
]);
export type MediaReply = z.infer<typeof mediaReplySchema>;
