/**
 * The media layer: mediasoup workers, and (next) rooms, peers and transports.
 *
 * MEDIASOUP_WORKER_BIN must name the worker binary before mediasoup is loaded: mediasoup 3.8.x
 * reads it once at import time. WorkerPool loads mediasoup lazily and checks the variable first.
 */
export { loadMediaConfig, type MediaConfig } from "./config";
export { MEDIA_ERROR_CODES, MediaError, type MediaErrorCode } from "./errors";
export { WorkerPool, type WorkerPoolEvents, type WorkerPoolOptions } from "./workers";
