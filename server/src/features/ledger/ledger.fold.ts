import { type LearnerStats, levelFor } from "@chalkline/shared";
import type { BalanceDoc } from "./balance.model";
import type { LedgerEntry } from "./ledger.model";

const PODIUM_PLACES = 3;

type Update = { $set: Record<string, unknown>; $inc?: Record<string, number>; $max?: Record<string, number> };

/**
 * The change consecutive entries make to their learner's balance document: each chain's position
 * and total, plus the stats the achievement rules read. Applied only on top of the entries before
 * them (see balance.projection.ts), so a `$inc` here is never counted twice.
 */
export function foldUpdate(entries: readonly LedgerEntry[]): Update {
  const $set: Record<string, unknown> = {};
  const $inc: Record<string, number> = {};
  const $max: Record<string, number> = {};
  const inc = (path: string, by: number) => {
    if (by !== 0) $inc[path] = ($inc[path] ?? 0) + by;
  };
  const max = (path: string, value: number) => {
    $max[path] = Math.max($max[path] ?? value, value);
  };
  for (const entry of entries) {
    const { currency, seq, balanceAfter, amount, reason } = entry;
    const { perfect, rank, correct, achievement } = entry.detail;
    $set[`${currency}.seq`] = seq;
    $set[`${currency}.total`] = balanceAfter;
    if (currency === "xp") {
      inc(`counts.${reason}`, 1);
      inc(`weeklyXp.${entry.period.week}`, amount);
      inc(`monthlyXp.${entry.period.month}`, amount);
      if (reason === "quiz_passed" && perfect) inc("perfectQuizzes", 1);
      if (reason === "live_quiz" && typeof rank === "number" && rank <= PODIUM_PLACES) inc("podiums", 1);
      if (reason === "live_quiz" && rank === 1) inc("liveWins", 1);
      if (reason === "daily_streak" && typeof entry.streak === "number") {
        $set["streak.lastDay"] = entry.period.day;
        $set["streak.length"] = entry.streak;
        max("streak.best", entry.streak);
      }
    } else {
      inc("points.earned", Math.max(0, amount));
      if (reason === "quiz_correct_answers") inc("correctAnswers", correct ?? 0);
      if (reason === "achievement" && achievement) $set[`achievements.${achievement}`] = entry.at;
    }
  }
  // Only the operators in use: older servers refuse an empty one.
  const update: Update = { $set };
  if (Object.keys($inc).length > 0) update.$inc = $inc;
  if (Object.keys($max).length > 0) update.$max = $max;
  return update;
}

/** What the achievement rules see of a balance document. */
export function statsOf(balance: BalanceDoc): LearnerStats {
  return {
    xp: balance.xp.total,
    level: levelFor(balance.xp.total),
    counts: balance.counts,
    perfectQuizzes: balance.perfectQuizzes,
    correctAnswers: balance.correctAnswers,
    podiums: balance.podiums,
    liveWins: balance.liveWins,
    bestStreak: balance.streak.best,
    achievements: Object.keys(balance.achievements).length,
  };
}
