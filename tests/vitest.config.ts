import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
const servicesSetup = "./tests/helpers/global-services.ts";

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
