import { createLogger, createServerNode, loadConfigOrExit } from "./index";
import { runUntilSignalled } from "./platform/lifecycle";
import { guardProcess } from "./platform/process-guard";

/** A cluster node: every store is configured by the environment (see .env.example). */
const config = loadConfigOrExit();
const logger = createLogger({ level: config.LOG_LEVEL, serverId: config.SERVER_ID });
guardProcess(logger);
const node = await createServerNode(config, logger);
const port = await node.listen();
logger.info({ port, url: config.PUBLIC_URL }, "server node listening");
runUntilSignalled(logger, config.SHUTDOWN_TIMEOUT_MS, () => node.close());
