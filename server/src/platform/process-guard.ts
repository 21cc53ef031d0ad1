import type { Logger } from "./logger";

/**
 * Keeps a node serving after an error nothing caught. Every request, socket command and
 * collaboration frame already isolates its own failure (an ack, an HTTP error, a closed
 * connection), so what reaches here escaped one of those: it is logged loudly, and the node goes
 * on, rather than dropping every other user's connections and unstored edits with it.
 */
export function guardProcess(logger: Logger): void {
  process.on("uncaughtException", (error, origin) => {
    logger.error({ err: error, origin }, "uncaught exception; still serving");
  });
  process.on("unhandledRejection", (reason) => {
    logger.error({ err: reason }, "unhandled promise rejection; still serving");
  });
}
