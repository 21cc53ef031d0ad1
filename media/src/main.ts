// Media node entry point: starts the worker pool and the MediaNode that server nodes drive over
// Redis, and runs until SIGTERM/SIGINT.
import { pino } from "pino";
import { loadMediaConfig } from "./config";
import { MediaError } from "./errors";
import { startMediaNode } from "./start";

const SHUTDOWN_TIMEOUT_MS = 10_000;

const logger = pino({ name: "media", level: process.env.LOG_LEVEL ?? "info" });

async function main(): Promise<void> {
  const config = loadMediaConfig();
  const { pool, node, close } = await startMediaNode(config, logger);
  logger.info(
    {
      workers: pool.workers.map((w) => w.pid),
      rtcPorts: `${config.rtcMinPort}-${config.rtcMaxPort}`,
      listenIp: config.listenIp,
      announcedIp: config.announcedIp,
      nodeId: node.id,
      draining: node.draining,
    },
    "media node ready",
  );

  const shutdown = async (signal: NodeJS.Signals) => {
    logger.info({ signal }, "media node shutting down");
    // Whatever hangs, the process is gone within the timeout.
    const drain = signal === "SIGTERM" && config.drainOnSigterm;
    setTimeout(
      () => {
        logger.error("shutdown timed out");
        process.exit(1);
      },
      SHUTDOWN_TIMEOUT_MS + (drain ? config.drainTimeoutMs : 0),
    ).unref();
    if (drain) {
      logger.info({ timeoutMs: config.drainTimeoutMs }, "media node draining: its classes move to other nodes");
      const left = await node.drainAndEmpty(config.drainTimeoutMs);
      logger.info({ peersLeft: left }, "media node drained");
    }
    await close();
    process.exitCode = 0;
  };
  process.once("SIGTERM", (signal) => void shutdown(signal));
  process.once("SIGINT", (signal) => void shutdown(signal));
}

main().catch((error: unknown) => {
  // A configuration error is for the operator to read, not a stack trace.
  if (error instanceof MediaError) logger.fatal({ code: error.code }, error.message);
  else logger.fatal({ err: error }, "media node failed to start");
  process.exit(1);
});
