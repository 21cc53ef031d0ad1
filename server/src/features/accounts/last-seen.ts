import { z } from "zod";
import type { RedisClient } from "../../platform/redis";
import { accountsKeys } from "./accounts.keys";

const seenSchema = z.object({ at: z.number(), ip: z.string() });
export type Seen = z.infer<typeof seenSchema>;

/**
 * When and from where each session of an account was last used (its sign-in, then each refresh), in
 * one Redis hash per account. Not on the session's document: FerretDB rewrites a whole document on
 * update, so a last-seen write racing a revocation could undo the revocation.
 */
export class LastSeen {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** A session unused this long has lapsed; so has the account's hash, unused this long. */
    private readonly ttlMs: number,
  ) {}

  async mark(userId: string, sessionId: string, ip: string, at = Date.now()): Promise<void> {
    const key = accountsKeys.sessionsSeen(this.prefix, userId);
    await this.redis
      .multi()
      .hset(key, sessionId, JSON.stringify({ at, ip } satisfies Seen))
      .pexpire(key, this.ttlMs)
      .exec();
  }

  async forget(userId: string, sessionId: string | null): Promise<void> {
    const key = accountsKeys.sessionsSeen(this.prefix, userId);
    if (sessionId) await this.redis.hdel(key, sessionId);
    else await this.redis.del(key);
  }

  async read(userId: string): Promise<Map<string, Seen>> {
    const all = await this.redis.hgetall(accountsKeys.sessionsSeen(this.prefix, userId));
    const seen = new Map<string, Seen>();
    for (const [sessionId, raw] of Object.entries(all)) {
      const parsed = seenSchema.safeParse(JSON.parse(raw));
      if (parsed.success) seen.set(sessionId, parsed.data);
    }
    return seen;
  }
}
