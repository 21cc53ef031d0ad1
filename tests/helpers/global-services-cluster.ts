import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRedisCluster } from "@chalkline/server/embedded";
import type { TestProject } from "vitest/node";
import startServices from "./global-services";

/**
 * vitest globalSetup of the `integration-cluster` project: a three-master Redis Cluster in place of
 * the single Redis, then the other services as `global-services.ts` starts them. An external
 * REDIS_URL wins, as it does there (point it at a cluster to run these tests against one).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.REDIS_URL) return startServices(project);
  const dataDir = await mkdtemp(join(tmpdir(), "chalkline-redis-cluster-"));
  const cluster = await startRedisCluster({ dataDir }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const stopCluster = async () => {
    await cluster.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  process.env.REDIS_URL = cluster.url;
  try {
    const stopServices = await startServices(project);
    return async () => {
      await stopServices();
      await stopCluster();
    };
  } catch (error) {
    await stopCluster();
    throw error;
  } finally {
    // Only the services started above read it; nothing else in this process should.
    delete process.env.REDIS_URL;
  }
}
