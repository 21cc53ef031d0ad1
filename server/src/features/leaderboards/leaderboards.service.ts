import {
  type BestsView,
  type BoardRef,
  type BoardScope,
  type ImprovedView,
  type LeaderboardView,
  periodKeys,
  previousWeek,
  recentWeeks,
} from "@chalkline/shared";
import type { RedisClient } from "../../platform/redis";
import { timeZoneOf } from "../accounts/user.model";
import { currentBalance } from "../ledger/balance.projection";
import type { LedgerCache } from "../ledger/ledger.cache";
import type { Actor } from "../rooms/rooms.access";
import { assertCanView } from "./leaderboards.access";
import { type BoardId, boardName, resolveBoard } from "./leaderboards.boards";
import type { BoardFeed } from "./leaderboards.feed";
import { leaderboardsKeys } from "./leaderboards.keys";
import { readStandings } from "./leaderboards.read";
import { type RebuildReport, rebuildBoards } from "./leaderboards.rebuild";
import type { BoardWriter } from "./leaderboards.writer";

/** "Most improved" is kept until its week changes (the writer deletes it), or this long at most. */
const IMPROVED_CACHE_SECONDS = 60;
const BEST_RANK_WEEKS = 12;

/** Reading boards as a viewer sees them, and rebuilding them all from the ledger. */
export class LeaderboardsService {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly writer: BoardWriter,
    private readonly feed: BoardFeed,
    private readonly ledger: LedgerCache,
  ) {}

  /** The board `ref` means for this viewer (this week on their calendar), once they may see it. */
  async boardFor(ref: BoardRef, actor: Actor): Promise<BoardId> {
    await assertCanView(ref, actor);
    return resolveBoard(ref, new Date(), await timeZoneOf(actor.id));
  }

  async view(ref: BoardRef, actor: Actor): Promise<LeaderboardView> {
    return (await this.views(await this.boardFor(ref, actor), [actor.id])).get(actor.id)!;
  }

  /** One board as each viewer sees it: the same leaders, and each viewer's own standing. */
  async views(board: BoardId, viewerIds: readonly string[]): Promise<Map<string, LeaderboardView>> {
    const key = leaderboardsKeys.board(this.prefix, boardName(board));
    const { top, mine, players } = await readStandings(this.redis, key, viewerIds);
    return new Map(viewerIds.map((id) => [id, { board, top, me: mine.get(id)!, players }]));
  }

  /** This week's XP minus last week's in a scope: who improved most, and by how much the viewer did. */
  async improved(scope: BoardScope, scopeId: string | undefined, actor: Actor): Promise<ImprovedView> {
    const board = await this.boardFor({ scope, scopeId, period: "week" }, actor);
    const lastWeek = { ...board, periodKey: previousWeek(board.periodKey) };
    const key = leaderboardsKeys.improved(this.prefix, boardName(board));
    if (!(await this.redis.exists(key))) {
      const boardKey = (b: BoardId) => leaderboardsKeys.board(this.prefix, boardName(b));
      await this.redis
        .multi()
        .zunionstore(key, 2, boardKey(board), boardKey(lastWeek), "WEIGHTS", 1, -1)
        .expire(key, IMPROVED_CACHE_SECONDS)
        .exec();
    }
    const { top, mine, players } = await readStandings(this.redis, key, [actor.id], { aboveZero: true });
    return { board, top, me: mine.get(actor.id)!, players, previousWeek: lastWeek.periodKey };
  }

  /** Personal records: best week and month from the ledger, best recent weekly rank from the boards. */
  async bests(userId: string, now = new Date()): Promise<BestsView> {
    const timeZone = await timeZoneOf(userId);
    const balance = await currentBalance(this.ledger, userId);
    const { week, month } = periodKeys(now, timeZone);
    const weeks = recentWeeks(now, timeZone, BEST_RANK_WEEKS);
    const global = (period: BoardId["period"], periodKey: string) =>
      leaderboardsKeys.board(this.prefix, boardName({ scope: "global", scopeId: null, period, periodKey }));
    const ranks = await Promise.all(
      [...weeks.map((w) => global("week", w)), global("all", "all")].map(
        async (key) => (await readStandings(this.redis, key, [userId])).mine.get(userId)!.rank,
      ),
    );
    const allTimeRank = ranks.pop() ?? null;
    const bestWeeklyRank = ranks.reduce<BestsView["bestWeeklyRank"]>(
      (best, rank, i) => (rank !== null && (best === null || rank < best.rank) ? { week: weeks[i]!, rank } : best),
      null,
    );
    const bestOf = (totals: Record<string, number>) =>
      Object.entries(totals).reduce<[string, number] | null>(
        (best, e) => (best === null || e[1] > best[1] ? e : best),
        null,
      );
    const bestWeek = bestOf(balance.weeklyXp);
    const bestMonth = bestOf(balance.monthlyXp);
    return {
      bestWeek: bestWeek && { week: bestWeek[0], xp: bestWeek[1] },
      bestMonth: bestMonth && { month: bestMonth[0], xp: bestMonth[1] },
      thisWeek: { week, xp: balance.weeklyXp[week] ?? 0 },
      thisMonth: { month, xp: balance.monthlyXp[month] ?? 0 },
      bestWeeklyRank,
      allTimeRank,
    };
  }

  /** Deletes every board and rewrites it from the XP ledger. */
  rebuildAll(): Promise<RebuildReport> {
    return rebuildBoards({ redis: this.redis, prefix: this.prefix, writer: this.writer, feed: this.feed });
  }
}
