import {
  ACHIEVEMENTS,
  type AchievementView,
  achievementProgress,
  type Currency,
  currentStreak,
  type LedgerEntryView,
  type LedgerPage,
  levelProgress,
  type ProgressView,
  periodKeys,
  RARITIES,
  recentWeeks,
} from "@chalkline/shared";
import type { BalanceDoc } from "./balance.model";
import { catchUp, currentBalance } from "./balance.projection";
import { statsOf } from "./ledger.fold";
import { entryAt, type LedgerEntry } from "./ledger.model";

const CHART_WEEKS = 8;

/** The dashboard's numbers: XP and level, points, streak, badges, and XP by week. */
export async function progressView(userId: string, timeZone: string, now = new Date()): Promise<ProgressView> {
  const balance = await currentBalance(userId);
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

/** A page of one chain, newest first; `cursor` is the position to continue below. */
export async function ledgerPage(
  userId: string,
  query: { currency: Currency; cursor?: number | undefined; limit: number },
): Promise<LedgerPage> {
  const head = (await catchUp(userId, query.currency))[query.currency].seq;
  const top = Math.min(head, (query.cursor ?? head + 1) - 1);
  const seqs = Array.from({ length: Math.max(0, Math.min(query.limit, top)) }, (_, i) => top - i);
  // Positions are `_id`s: each read is a point lookup.
  const entries = await Promise.all(seqs.map((seq) => entryAt(query.currency, userId, seq)));
  const lowest = seqs.at(-1);
  return {
    entries: entries.filter((e): e is LedgerEntry => e !== null).map(toEntryView),
    nextCursor: lowest !== undefined && lowest > 1 ? lowest : null,
  };
}

function toEntryView(entry: LedgerEntry): LedgerEntryView {
  return {
    seq: entry.seq,
    currency: entry.currency,
    amount: entry.amount,
    balanceAfter: entry.balanceAfter,
    reason: entry.reason,
    key: entry.key,
    courseId: entry.courseId ? String(entry.courseId) : null,
    roomId: entry.roomId ? String(entry.roomId) : null,
    at: entry.at.toISOString(),
  };
}
