import type { Logger } from "pino";
import type { MediaConfig } from "./config";
import { mediaMetrics, serveMetrics } from "./metrics";
import { MediaNode } from "./node";
import { openRedis } from "./redis";
import { WorkerPool } from "./workers";

export interface RunningMediaNode {
  pool: WorkerPool;
  node: MediaNode;
  /** Stops answering, closes every class and worker, and ends the Redis connections. */
  close(): Promise<void>;
}

/**
 * The worker pool and the media node on its own Redis connections: the media node process runs
 * this, and so does the one `npm start` process.
 */
export async function startMediaNode(config: MediaConfig, logger: Logger): Promise<RunningMediaNode> {
  const redis = openRedis(config.redisUrl);
  // Pub/sub gets its own connection, without auto-pipelining (see rpc/protocol.ts).
  const subscriber = openRedis(config.redisUrl, { pubsub: true });
  const quit = () => Promise.allSettled([redis.quit(), subscriber.quit()]);
  const pool = await WorkerPool.create({
    workerCount: config.workerCount,
    rtcMinPort: config.rtcMinPort,
    rtcMaxPort: config.rtcMaxPort,
    logLevel: config.logLevel,
    logger,
  }).catch(async (error: unknown) => {
    await quit();
    throw error;
  });
  const node = await MediaNode.create({
    pool,
    redis,
    subscriber,
    prefix: config.redisKeyPrefix,
    listenIp: config.listenIp,
    announcedIp: config.announcedIp,
    maxTransportsPerClass: config.maxTransportsPerClass,
    maxTransportsPerNode: config.maxTransportsPerNode,
    nodeId: config.nodeId,
    pipeAnnouncedIp: config.pipeAnnouncedIp,
    draining: config.draining,
    logger,
  }).catch(async (error: unknown) => {
    pool.close();
    await quit();
    throw error;
  });
  const metrics =
    config.metrics &&
    (await serveMetrics(mediaMetrics(pool), config.metrics.port, config.metrics.token).catch(async (error: unknown) => {
      await node.close();
      pool.close();
      await quit();
      throw error;
    }));
  return {
    pool,
    node,
    close: async () => {
      metrics?.close();
      await node.close().catch((error: unknown) => logger.error({ err: error }, "media node did not close cleanly"));
      pool.close();
      await quit();
    },
  };
}
