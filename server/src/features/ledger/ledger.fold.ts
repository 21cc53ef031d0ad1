import { type LearnerStats, levelFor } from "@chalkline/shared";
import type { BalanceDoc } from "./balance.model";
import type { LedgerEntry } from "./ledger.model";

const PODIUM_PLACES = 3;

/** What a fold writes: every field of the balance document but its `_id`. */
export type FoldedBalance = Omit<BalanceDoc, "_id">;

/**
 * The balance document once consecutive `entries` are folded onto `base`: each chain's position
 * and total, plus the stats the achievement rules read. The whole document is written, never
 * `$inc`ed: a conditional update is a read then a write on FerretDB, so two catch-ups can both
 * apply one batch, or a slow one can land after a faster one went further. Written whole, the
 * document is still the fold of a prefix of the chains, and the next catch-up folds the rest
 * (balance.projection.ts); an increment would count a batch twice.
 */
export function foldOnto(base: BalanceDoc, entries: readonly LedgerEntry[]): FoldedBalance {
  const { _id, ...fields } = base;
  const next: FoldedBalance = structuredClone(fields);
  const add = (map: Record<string, number>, key: string, by: number) => {
    map[key] = (map[key] ?? 0) + by;
  };
  for (const entry of entries) {
    const { currency, seq, balanceAfter, amount, reason } = entry;
    const { perfect, rank, correct, achievement } = entry.detail;
    next[currency].seq = seq;
    next[currency].total = balanceAfter;
    if (currency === "xp") {
      add(next.counts, reason, 1);
      add(next.weeklyXp, entry.period.week, amount);
      add(next.monthlyXp, entry.period.month, amount);
      // Older ledgers, and operators, record a perfect pass as one `quiz_passed` award.
      if (reason === "quiz_perfect" || (reason === "quiz_passed" && perfect)) next.perfectQuizzes += 1;
      if (reason === "live_quiz" && typeof rank === "number" && rank <= PODIUM_PLACES) next.podiums += 1;
      if (reason === "live_quiz" && rank === 1) next.liveWins += 1;
      if (reason === "daily_streak" && typeof entry.streak === "number") {
        next.streak = {
          lastDay: entry.period.day,
          length: entry.streak,
          best: Math.max(next.streak.best, entry.streak),
        };
      }
    } else {
      next.points.earned += Math.max(0, amount);
      if (reason === "quiz_correct_answers") next.correctAnswers += correct ?? 0;
      if (reason === "achievement" && achievement) next.achievements[achievement] = entry.at;
    }
  }
  return next;
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
