import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { redisArgs } from "./args";
import { resolveRedisBinary } from "./binaries";
import { spawnManaged, waitUntilReady } from "./child";
import { onFreePort } from "./ports";
import { redisPing } from "./probes";
import { type EmbeddedService, serviceOf } from "./service";

/** A running redis-server. */
export interface EmbeddedRedis extends EmbeddedService {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
}

/**
 * Starts redis-server on loopback (a free port unless `port` is given) with its data in `dataDir`;
 * `extraArgs` follow the defaults (a cluster node's settings).
 */
export async function startRedis(options: {
  dataDir: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
  extraArgs?: string[];
}): Promise<EmbeddedRedis> {
  const env = options.env ?? process.env;
  const bin = resolveRedisBinary(env);
  mkdirSync(options.dataDir, { recursive: true });
  return onFreePort(options.port, async (port) => {
    const child = spawnManaged({
      name: "redis-server",
      command: bin,
      args: [...redisArgs({ port, dataDir: options.dataDir }), ...(options.extraArgs ?? [])],
      logFile: join(options.dataDir, "redis.log"),
      env,
    });
    await waitUntilReady(child, () => redisPing(port));
    return { ...serviceOf(child, port), url: `redis://127.0.0.1:${port}` };
  });
}
