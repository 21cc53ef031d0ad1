import { ProgressService } from "../../../server/src/features/courses/progress.service";
import { QuizService } from "../../../server/src/features/courses/quizzes.service";
import { GiftUnlocker } from "../../../server/src/features/gifts/gifts.unlock";
import type { AwardsService } from "../../../server/src/features/ledger/awards.service";
import { LiveService } from "../../../server/src/features/live/live.service";
import { NotificationsService } from "../../../server/src/features/notifications/notifications.service";
import { connectMongo, disconnectMongo } from "../../../server/src/platform/mongo";
import { createRedis } from "../../../server/src/platform/redis";
import type { TestServices } from "../../helpers/global-services";
import { localAwards } from "../../helpers/ledger";

/** The server's write paths the growth fill calls in this process. */
export interface FillServices {
  awards: AwardsService;
  quizzes: QuizService;
  live: LiveService;
  notifications: NotificationsService;
  close(): Promise<void>;
}

/**
 * Wires the services as a node does (server/src/index.ts), against the node's database and Redis
 * key prefix. Pushes to sockets go nowhere: no one here listens.
 */
export async function openFillServices(
  services: TestServices,
  dbName: string,
  keyPrefix: string,
): Promise<FillServices> {
  await connectMongo(services.mongoUrl, dbName);
  const redis = createRedis(services.redisUrl);
  const prefix = `${keyPrefix}:`;
  const notifications = new NotificationsService(redis, prefix, () => {});
  const awards = localAwards(redis, prefix);
  // As on a node: every credit of points may unlock a gift.
  const gifts = new GiftUnlocker(notifications, () => {});
  awards.onPointsCredited((userId, points) => gifts.unlockReached(userId, points));
  return {
    awards,
    quizzes: new QuizService(awards, new ProgressService(awards)),
    live: new LiveService(redis, prefix),
    notifications,
    close: async () => {
      awards.close();
      redis.disconnect();
      await disconnectMongo();
    },
  };
}
