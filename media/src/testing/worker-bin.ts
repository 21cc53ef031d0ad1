import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Points MEDIASOUP_WORKER_BIN at the worker for integration tests: `npm test` exports it, a bare
 * `vitest run` falls back to where `npm run setup` caches it. Fails rather than skipping.
 */
export function useMediasoupWorkerBin(): void {
  process.env.MEDIASOUP_WORKER_BIN ||= join(
    process.env.XDG_CACHE_HOME || join(homedir(), ".cache"),
    "chalkline",
    "mediasoup-worker-3.8.4",
  );
  if (!existsSync(process.env.MEDIASOUP_WORKER_BIN)) {
    throw new Error(`no mediasoup worker at ${process.env.MEDIASOUP_WORKER_BIN}: run "npm run setup"`);
  }
}
