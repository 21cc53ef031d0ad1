import { type MetricsEndpoint, metricsEndpoint } from "@chalkline/media";
import mongoose from "mongoose";
import type { AppServer } from "../../platform/realtime";
import type { RedisClient } from "../../platform/redis";
import { countBroadcasts, observeMongo, observeRedis } from "./metrics.hooks";
import { createNodeMetrics } from "./metrics.registry";

export interface MetricsParts {
  /** METRICS_TOKEN: the bearer token a scraper must present. */
  token: string;
  io: AppServer;
  /** The command connections whose calls are timed (pub/sub connections only wait). */
  redis: RedisClient[];
  collabConnections: () => number;
}

/**
 * Starts counting on this node (commands, refusals, batches, pushes, database and Redis calls) and
 * returns the `/metrics` endpoint. The database connection must be open, with command monitoring on.
 */
export function startMetrics(parts: MetricsParts): MetricsEndpoint {
  const { io } = parts;
  const metrics = createNodeMetrics({ sockets: () => io.of("/").sockets.size, collab: parts.collabConnections });
  observeMongo(mongoose.connection.getClient(), metrics.dbSeconds);
  for (const redis of parts.redis) observeRedis(redis, metrics.redisSeconds);
  countBroadcasts(io, metrics.pushes);
  return metricsEndpoint(metrics.registry, parts.token);
}
