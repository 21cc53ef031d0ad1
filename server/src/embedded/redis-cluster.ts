import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { findExecutable, resolveRedisBinary } from "./binaries";
import { freePort } from "./ports";
import { type EmbeddedRedis, startRedis } from "./redis";

const run = promisify(execFile);
const CLUSTER_READY_TIMEOUT_MS = 20_000;
const READY_POLL_MS = 100;

/** A running Redis Cluster of masters only, on loopback. */
export interface EmbeddedRedisCluster {
  /** `redis+cluster://127.0.0.1:<port>,…`: every master as a seed. */
  readonly url: string;
  readonly nodes: readonly EmbeddedRedis[];
  /** Stops every node; safe to call more than once. */
  stop(): Promise<void>;
}

/** redis-cli beside redis-server (same package), else from PATH. */
function resolveRedisCli(env: NodeJS.ProcessEnv): string {
  const beside = join(dirname(resolveRedisBinary(env)), "redis-cli");
  const cli = existsSync(beside) ? beside : findExecutable("redis-cli", env);
  if (!cli) throw new Error("redis-cli not found: install the Debian package redis-tools (it comes with redis-server)");
  return cli;
}

/**
 * Starts `masters` redis-server processes in cluster mode (each on its own free port and cluster
 * bus port, with its data under `dataDir/node-<i>`), joins them with `redis-cli --cluster create`
 * (no replicas), and waits until every node reports the cluster ok with all slots served.
 */
export async function startRedisCluster(options: {
  dataDir: string;
  masters?: number;
  env?: NodeJS.ProcessEnv;
}): Promise<EmbeddedRedisCluster> {
  const env = options.env ?? process.env;
  const cli = resolveRedisCli(env);
  const nodes: EmbeddedRedis[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    for (let i = 0; i < (options.masters ?? 3); i++) {
      // The bus port is chosen too: the default (port + 10000) can fall outside the port range.
      const busPort = await freePort();
      const clusterArgs = ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"];
      nodes.push(
        await startRedis({
          dataDir: join(options.dataDir, `node-${i}`),
          env,
          extraArgs: [...clusterArgs, "--cluster-port", String(busPort)],
        }),
      );
    }
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await run(cli, ["--cluster", "create", ...addresses, "--cluster-replicas", "0", "--cluster-yes"], { env });
    await Promise.all(nodes.map((node) => untilClusterOk(cli, node.port, env)));
    return { url: `redis+cluster://${addresses.join(",")}`, nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits until the node sees the cluster ok: the nodes gossip their slots for a moment after create. */
async function untilClusterOk(cli: string, port: number, env: NodeJS.ProcessEnv): Promise<void> {
  const deadline = Date.now() + CLUSTER_READY_TIMEOUT_MS;
  for (;;) {
    const { stdout } = await run(cli, ["-p", String(port), "cluster", "info"], { env });
    if (/cluster_state:ok/.test(stdout) && /cluster_slots_ok:16384/.test(stdout)) return;
    if (Date.now() > deadline) throw new Error(`redis cluster node ${port} not ok after create:\n${stdout}`);
    await sleep(READY_POLL_MS);
  }
}
