import { SESSION_END_REASONS, type SessionEndReason } from "@chalkline/shared";
import { z } from "zod";
import type { RedisClient } from "../../platform/redis";
import { accountsKeys } from "./accounts.keys";
import type { SessionRef } from "./tokens";

/** A mark outlives the last token it ends by this much, for clock drift and late expiry timers. */
const SLACK_MS = 60_000;

const reasonSchema = z.enum(Object.keys(SESSION_END_REASONS) as [SessionEndReason, ...SessionEndReason[]]);
const floorSchema = z.tuple([z.coerce.number().int(), reasonSchema]);

/** Raises the account's floor, never lowers it: two ends racing keep the higher version. */
const RAISE_FLOOR = `
local current = redis.call('GET', KEYS[1])
if current and tonumber(string.match(current, '^%d+')) >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. ARGV[2], 'PX', ARGV[3])
return 1`;

/**
 * Access tokens ended before they expire, in Redis so every node sees an end at once: a mark per
 * ended session (logout, refresh reuse), and per account the lowest token version still valid
 * (disable, role or password change; the database's tokenVersion is bumped alongside). A mark
 * lives as long as the tokens it ends could, so checking one costs a round trip and no database read.
 */
export class SessionEnds {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly tokenTtlMs: number,
  ) {}

  async endSession(sessionId: string, reason: SessionEndReason): Promise<void> {
    await this.redis.set(accountsKeys.endedSession(this.prefix, sessionId), reason, "PX", this.#ttlMs());
  }

  /** Ends every token of the account older than `tokenVersion`. */
  async endAccount(userId: string, tokenVersion: number, reason: SessionEndReason): Promise<void> {
    await this.redis.eval(
      RAISE_FLOOR,
      1,
      accountsKeys.tokenFloor(this.prefix, userId),
      tokenVersion,
      reason,
      this.#ttlMs(),
    );
  }

  /** Why the session's tokens were ended, or null while they stand. */
  async reasonEnded(session: SessionRef): Promise<SessionEndReason | null> {
    // Two GETs, not MGET: the keys are a session's and an account's, in different cluster slots.
    const [ended, floor] = await Promise.all([
      this.redis.get(accountsKeys.endedSession(this.prefix, session.sessionId)),
      this.redis.get(accountsKeys.tokenFloor(this.prefix, session.userId)),
    ]);
    if (ended) return reasonSchema.catch("logged_out").parse(ended);
    if (!floor) return null;
    const parsed = floorSchema.safeParse(floor.split(" "));
    // An unreadable floor ends the token: refusing is the safe side.
    if (!parsed.success) return "logged_out";
    const [version, reason] = parsed.data;
    return session.tokenVersion < version ? reason : null;
  }

  #ttlMs(): number {
    return this.tokenTtlMs + SLACK_MS;
  }
}
