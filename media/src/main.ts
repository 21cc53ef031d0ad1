// Media node entry point: starts the worker pool and runs until SIGTERM/SIGINT.
import { pino } from "pino";
import { loadMediaConfig } from "./config";
import { MediaError } from "./errors";
import { WorkerPool } from "./workers";

const SHUTDOWN_TIMEOUT_MS = 10_000;

const logger = pino({ name: "media", level: process.env.LOG_LEVEL ?? "info" });

async function main(): Promise<void> {
  const config = loadMediaConfig();
  const pool = await WorkerPool.create({
    workerCount: config.workerCount,
    rtcMinPort: config.rtcMinPort,
    rtcMaxPort: config.rtcMaxPort,
    logLevel: config.logLevel,
    logger,
  });
  logger.info(
    { workers: pool.workers.map((w) => w.pid), rtcPorts: `${config.rtcMinPort}-${config.rtcMaxPort}` },
    "media node ready",
  );

  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, "media node shutting down");
    // Whatever hangs, the process is gone within the timeout.
    setTimeout(() => {
      logger.error("shutdown timed out");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    pool.close();
    process.exitCode = 0;
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  // A configuration error is for the operator to read, not a stack trace.
  if (error instanceof MediaError) logger.fatal({ code: error.code }, error.message);
  else logger.fatal({ err: error }, "media node failed to start");
  process.exit(1);
});
