import { z } from "zod";
import type { RedisClient } from "../../platform/redis";
import { leaderboardsKeys } from "./leaderboards.keys";

const MAX_BOARDS_PER_MESSAGE = 1000;

/** What crosses nodes: board names that changed, or that everything was rebuilt. */
const boardChangeSchema = z.union([
  z.strictObject({ boards: z.array(z.string().max(200)).max(MAX_BOARDS_PER_MESSAGE) }),
  z.strictObject({ rebuilt: z.literal(true) }),
]);
export type BoardChange = z.infer<typeof boardChangeSchema>;

/** Tells every node (this one included) which boards changed, over Redis pub/sub. */
export class BoardFeed {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async publish(change: BoardChange): Promise<void> {
    const channel = leaderboardsKeys.changes(this.prefix);
    if ("rebuilt" in change) {
      await this.redis.publish(channel, JSON.stringify(change));
      return;
    }
    for (let i = 0; i < change.boards.length; i += MAX_BOARDS_PER_MESSAGE) {
      const boards = change.boards.slice(i, i + MAX_BOARDS_PER_MESSAGE);
      await this.redis.publish(channel, JSON.stringify({ boards }));
    }
  }

  /** Listens on `subscriber`, a connection of its own; malformed messages go to `onInvalid`. */
  static async listen(
    subscriber: RedisClient,
    prefix: string,
    onChange: (change: BoardChange) => void,
    onInvalid: (error: unknown) => void,
  ): Promise<void> {
    const channel = leaderboardsKeys.changes(prefix);
    subscriber.on("message", (from: string, message: string) => {
      if (from !== channel) return;
      try {
        onChange(boardChangeSchema.parse(JSON.parse(message)));
      } catch (error) {
        onInvalid(error);
      }
    });
    await subscriber.subscribe(channel);
  }
}
