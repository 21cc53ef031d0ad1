import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
const servicesSetup = "./tests/helpers/global-services.ts";

const integrationInclude = ["tests/integration/**/*.test.ts", "{server,media}/src/**/*.int.test.ts"];

/**
 * The integration suite runs a second time on a three-master Redis Cluster, except the files that
 * never use the run's Redis (they start stores of their own, or use only MongoDB): the cluster would
 * not be exercised.
 */
const notOnCluster = [
  // Restarts its own single Redis mid-test to show chat survives the outage.
  "tests/integration/chat.redis-restart.test.ts",
  // Backs up and restores `npm start` installs, each on its own embedded stores.
  "tests/integration/operations.backup-and-restore.test.ts",
  // Backs up clusters of its own and restores into them: a restore replaces keys the run's tests use.
  "tests/integration/operations.backup-redis-cluster.test.ts",
  // Only MongoDB: paging through tens of thousands of documents, no Redis at all.
  "server/src/platform/mongo.int.test.ts",
  // Starts the embedded single-server stores, or a cluster of its own.
  "server/src/embedded/embedded.int.test.ts",
  "server/src/embedded/redis-cluster.int.test.ts",
];

/**
 * `npm test` sets TEST_REDIS_CLUSTER=1 unless it is set to 0; a plain `vitest run` of a few files
 * runs them on the single Redis only.
 */
const onCluster = process.env.TEST_REDIS_CLUSTER === "1";

export default defineConfig({
  test: {
    root,
    projects: [
      {
        extends: true,
        // The web app's own modules import each other as SvelteKit names them.
        resolve: { alias: { $lib: `${root}web/src/lib` } },
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
          include: integrationInclude,
          globalSetup: [servicesSetup],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...(onCluster
        ? [
            {
              extends: true as const,
              test: {
                name: "integration-cluster",
                include: integrationInclude,
                exclude: [...notOnCluster, "**/node_modules/**"],
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
