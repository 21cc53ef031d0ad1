import type { RedisClient } from "../../platform/redis";
import type { XpListener } from "../ledger/awards.service";
import { entryAt, type LedgerEntry } from "../ledger/ledger.model";
import { boardExpiresAt, boardName, boardsOf } from "./leaderboards.boards";
import type { BoardFeed } from "./leaderboards.feed";
import { leaderboardsKeys } from "./leaderboards.keys";
import { APPLY_XP_SCRIPT } from "./leaderboards.scripts";

/** Entries read from the chain per script call while filling a gap or catching up. */
const READ_BATCH = 200;

interface ApplyCommand {
  lbApplyXp(keyCount: number, ...keysAndArgs: Array<string | number>): Promise<[number, number, number]>;
}

export interface Applied {
  /** A rebuild holds the boards: nothing was applied. */
  locked: boolean;
  /** The learner's applied position before and after the call. */
  before: number;
  after: number;
}

/**
 * Mirrors XP ledger entries into the Redis boards (ZINCRBY on every board an entry belongs to),
 * each exactly once and in chain order, and announces the boards that changed. Boards rank XP
 * only: XP measures learning and never goes down, while points are a wallet that spending lowers,
 * so a points board would rank thrift rather than learning.
 */
export class BoardWriter implements XpListener {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly feed: BoardFeed,
  ) {
    // EVALSHA with a fallback to EVAL, handled by ioredis.
    redis.defineCommand("lbApplyXp", { lua: APPLY_XP_SCRIPT });
  }

  /**
   * Brings a learner's boards up to date through `entries` (in chain order), reading whatever
   * the boards lack before them from the chain; with no entries, through the chain's head.
   */
  async sync(userId: string, entries: readonly LedgerEntry[], token = ""): Promise<void> {
    const through = entries.at(-1)?.seq;
    let batch = [...entries];
    for (;;) {
      const { locked, after } = await this.apply(userId, batch, token);
      // A rebuild replays every chain once it is done, this one included.
      if (locked || (through !== undefined && after >= through)) return;
      batch = await readChain(userId, after + 1, through);
      if (batch.length === 0) return;
    }
  }

  /** Applies entries that follow each other in one learner's chain, in one atomic script. */
  async apply(userId: string, entries: readonly LedgerEntry[], token = ""): Promise<Applied> {
    const keys = [leaderboardsKeys.applied(this.prefix, userId), leaderboardsKeys.rebuildLock(this.prefix)];
    const args: Array<string | number> = [token, userId, entries.length];
    const names: string[][] = [];
    const weeks: string[][] = [];
    for (const entry of entries) {
      const boards = boardsOf(entry);
      names.push(boards.map(boardName));
      weeks.push(boards.filter((b) => b.period === "week").map(boardName));
      keys.push(...boards.map((b) => leaderboardsKeys.board(this.prefix, boardName(b))));
      args.push(entry.seq, entry.amount, boards.length, ...boards.map(boardExpiresAt));
    }
    const [ok, before, after] = await (this.redis as unknown as ApplyCommand).lbApplyXp(keys.length, ...keys, ...args);
    const applied = (lists: string[][]) =>
      new Set(entries.flatMap((e, i) => (e.seq > before && e.seq <= after ? lists[i]! : [])));
    const changed = applied(names);
    // "Most improved" of a week that changed is computed afresh; a rebuild deletes it with the rest.
    const stale = [...applied(weeks)].map((name) => leaderboardsKeys.improved(this.prefix, name));
    if (stale.length > 0 && !token) await this.redis.unlink(...stale);
    // A rebuild announces everything at once when it is done.
    if (changed.size > 0 && !token) await this.feed.publish({ boards: [...changed] });
    return { locked: ok === 0, before, after };
  }
}

/** Up to READ_BATCH entries of a learner's XP chain from `from`, through `through` or the head. */
async function readChain(userId: string, from: number, through: number | undefined): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  for (let seq = from; entries.length < READ_BATCH && (through === undefined || seq <= through); seq++) {
    const entry = await entryAt("xp", userId, seq);
    if (!entry) break;
    entries.push(entry);
  }
  return entries;
}
