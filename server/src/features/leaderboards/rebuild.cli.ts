/**
 * `npm run rebuild-boards`: deletes every leaderboard in Redis and rewrites it from the XP ledger,
 * with the server's own configuration (the same environment as a node). Safe while nodes run.
 */
import { loadConfig } from "../../platform/config";
import { createLogger } from "../../platform/logger";
import { connectMongo, disconnectMongo } from "../../platform/mongo";
import { createRedis } from "../../platform/redis";
import { BoardFeed } from "./leaderboards.feed";
import { rebuildBoards } from "./leaderboards.rebuild";
import { BoardWriter } from "./leaderboards.writer";

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, serverId: `${config.SERVER_ID}/rebuild-boards` });
const prefix = config.REDIS_KEY_PREFIX;
await connectMongo(config.MONGODB_URL, config.MONGODB_DB);
const redis = createRedis(config.REDIS_URL);
try {
  const feed = new BoardFeed(redis, prefix);
  const report = await rebuildBoards({ redis, prefix, writer: new BoardWriter(redis, prefix, feed), feed });
  logger.info(report, "leaderboards rebuilt from the ledger");
} catch (error) {
  logger.error({ err: error }, "rebuilding the leaderboards failed");
  process.exitCode = 1;
} finally {
  await redis.quit();
  await disconnectMongo();
}
