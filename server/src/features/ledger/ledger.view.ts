import {
  ACHIEVEMENTS,
  type AchievementView,
  achievementProgress,
  type Currency,
  currentStreak,
  type LedgerPage,
  levelProgress,
  type ProgressView,
  periodKeys,
  RARITIES,
  recentWeeks,
} from "@chalkline/shared";
import type { BalanceDoc } from "./balance.model";
import { catchUp, currentBalance } from "./balance.projection";
import { type LedgerCache, toEntryView } from "./ledger.cache";
import { statsOf } from "./ledger.fold";
import { LEDGERS, type LedgerEntry } from "./ledger.model";

const CHART_WEEKS = 8;

/** The dashboard's numbers: XP and level, points, streak, badges, and XP by week. */
export async function progressView(
  cache: LedgerCache,
  userId: string,
  timeZone: string,
  now = new Date(),
): Promise<ProgressView> {
  const balance = await currentBalance(cache, userId);
  const xp = balance.xp.total;
  const level = levelProgress(xp);
  const streak = { lastDay: balance.streak.lastDay ?? null, length: balance.streak.length };
  return {
    xp,
    points: balance.points.total,
    level: level.level,
    levelStartXp: level.levelStartXp,
    nextLevelXp: level.nextLevelXp,
    levelFraction: level.fraction,
    streak: {
      current: currentStreak(streak, now, timeZone),
      best: balance.streak.best,
      lastDay: streak.lastDay,
      activeToday: streak.lastDay === periodKeys(now, timeZone).day,
      timeZone,
    },
    achievements: achievementViews(balance),
    weeklyXp: recentWeeks(now, timeZone, CHART_WEEKS)
      .reverse()
      .map((week) => ({ week, xp: balance.weeklyXp[week] ?? 0 })),
  };
}

/** Earned badges newest first, then locked ones from common to legendary. */
function achievementViews(balance: BalanceDoc): AchievementView[] {
  const stats = statsOf(balance);
  const views = ACHIEVEMENTS.map((a) => ({
    id: a.id,
    name: a.name,
    description: a.description,
    icon: a.icon,
    rarity: a.rarity,
    earnedAt: balance.achievements[a.id]?.toISOString() ?? null,
    progress: achievementProgress(a.id, stats),
  }));
  const earned = views.filter((v) => v.earnedAt).sort((a, b) => b.earnedAt!.localeCompare(a.earnedAt!));
  const locked = views
    .filter((v) => !v.earnedAt)
    .sort((a, b) => RARITIES.indexOf(a.rarity) - RARITIES.indexOf(b.rarity));
  return [...earned, ...locked];
}

/**
 * A page of one chain, newest first; `cursor` is the position to continue below. The newest pages
 * come from Redis; an older one (or one Redis lost) is one range read of the chain.
 */
export async function ledgerPage(
  cache: LedgerCache,
  userId: string,
  query: { currency: Currency; cursor?: number | undefined; limit: number },
): Promise<LedgerPage> {
  const { currency } = query;
  const head = (await catchUp(cache, userId, currency))[currency].seq;
  const top = Math.min(head, (query.cursor ?? head + 1) - 1);
  const lowest = Math.max(1, top - query.limit + 1);
  let entries = await cache.page(userId, currency, lowest, top);
  if (!entries) {
    const stored = await LEDGERS[currency].find({ userId, seq: { $gte: lowest, $lte: top } }).lean<LedgerEntry[]>();
    await cache.record(stored);
    entries = stored.map(toEntryView);
  }
  return {
    entries: entries.sort((a, b) => b.seq - a.seq),
    nextCursor: top >= 1 && lowest > 1 ? lowest : null,
  };
}
