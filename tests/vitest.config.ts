import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
const servicesSetup = "./tests/helpers/global-services.ts";

/**
 * Integration tests that run a second time on a three-master Redis Cluster: everything whose
 * Redis use spans several keys, scripts or pub/sub across nodes (see README, "Redis Cluster").
 * Behind TEST_REDIS_CLUSTER=1: the whole suite twice would not fit CI's time on 2 cores.
 */
const clusterSet = [
  "chat.messages",
  "chat.node-crash",
  "chat.cluster-fanout",
  "rooms.access-across-nodes",
  "presence.cluster",
  "leaderboards.storm-and-rebuild",
  "ledger.award-retries",
  "live-quiz.answers-and-results",
  "realtime.command-limits-across-nodes",
  "realtime.connection-rate",
  "collab.sync-and-access",
].map((name) => `tests/integration/${name}.test.ts`);

export default defineConfig({
  test: {
    root,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{shared,server,media}/src/**/*.test.ts", "web/src/lib/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "{server,media}/src/**/*.int.test.ts"],
          globalSetup: [servicesSetup],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...(process.env.TEST_REDIS_CLUSTER === "1"
        ? [
            {
              extends: true as const,
              test: {
                name: "integration-cluster",
                include: clusterSet,
                globalSetup: ["./tests/helpers/global-services-cluster.ts"],
                testTimeout: 60_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: [servicesSetup],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
