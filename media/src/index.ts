/**
 * The media layer: mediasoup workers, live classes on them (the media node), and the client every
 * server node uses to drive them over Redis.
 *
 * MEDIASOUP_WORKER_BIN must name the worker binary before mediasoup is loaded: mediasoup 3.8.x
 * reads it once at import time. WorkerPool loads mediasoup lazily and checks the variable first.
 */

export type {
  ConsumerParams,
  MediaEvent,
  MediaPeer,
  MediaProducerInfo,
  MediaRequestErrorCode,
  MediaSource,
  TransportParams,
} from "@chalkline/shared";
export { loadMediaConfig, type MediaConfig } from "./config";
export { MEDIA_ERROR_CODES, MediaError, type MediaErrorCode, MediaRequestError } from "./errors";
export { METRICS_PATH, type MetricsEndpoint, metricsEndpoint } from "./metrics-endpoint";
export { MediaNode, type MediaNodeOptions } from "./node";
export { openRedis, parseRedisUrl, type RedisClient, type RedisTarget } from "./redis";
export { MediaClient, type MediaClientEvents, type MediaClientOptions } from "./rpc/client";
export { type RunningMediaNode, startMediaNode } from "./start";
export { WorkerPool, type WorkerPoolEvents, type WorkerPoolOptions } from "./workers";
