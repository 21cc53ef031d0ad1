import { describe, expect, it } from "vitest";
import type { BalanceDoc } from "./balance.model";
import { foldOnto } from "./ledger.fold";
import type { LedgerEntry } from "./ledger.model";

const at = new Date("2026-12-01T10:00:00Z");
const period = { day: "2026-12-01", week: "2026-W49", month: "2026-12" };
const entry = (over: Partial<LedgerEntry>): LedgerEntry =>
  ({
    currency: "xp",
    seq: 1,
    amount: 50,
    balanceAfter: 50,
    reason: "lesson_completed",
    key: "k",
    at,
    period,
    detail: {},
    streak: null,
    ...over,
  }) as LedgerEntry;

const base = (): BalanceDoc =>
  ({
    _id: "u",
    xp: { seq: 3, total: 250 },
    points: { seq: 1, total: 20, earned: 20 },
    counts: { lesson_completed: 5 },
    perfectQuizzes: 0,
    correctAnswers: 2,
    podiums: 0,
    liveWins: 0,
    streak: { lastDay: "2026-11-30", length: 5, best: 9 },
    achievements: {},
    weeklyXp: { "2026-W49": 250 },
    monthlyXp: { "2026-11": 250 },
  }) as unknown as BalanceDoc;

describe("foldOnto", () => {
  it("folds consecutive entries of both chains into the whole document: last position, summed stats", () => {
    const start = base();
    const folded = foldOnto(start, [
      entry({ seq: 4, amount: 150, balanceAfter: 400, reason: "quiz_passed", detail: { perfect: true } }),
      entry({ seq: 5, amount: 20, balanceAfter: 420, reason: "daily_streak", streak: 6 }),
      entry({ seq: 6, amount: 50, balanceAfter: 470, period: { ...period, week: "2026-W50" } }),
      entry({
        currency: "points",
        seq: 2,
        amount: 70,
        balanceAfter: 90,
        reason: "quiz_correct_answers",
        detail: { correct: 7 },
      }),
      entry({ currency: "points", seq: 3, amount: -30, balanceAfter: 60, reason: "store_purchase" }),
      entry({
        currency: "points",
        seq: 4,
        amount: 25,
        balanceAfter: 85,
        reason: "achievement",
        detail: { achievement: "perfectionist" },
      }),
    ]);
    expect(folded).toEqual({
      xp: { seq: 6, total: 470 },
      points: { seq: 4, total: 85, earned: 115 },
      counts: { lesson_completed: 6, quiz_passed: 1, daily_streak: 1 },
      perfectQuizzes: 1,
      correctAnswers: 9,
      podiums: 0,
      liveWins: 0,
      streak: { lastDay: "2026-12-01", length: 6, best: 9 },
      achievements: { perfectionist: at },
      weeklyXp: { "2026-W49": 420, "2026-W50": 50 },
      monthlyXp: { "2026-11": 250, "2026-12": 220 },
    });
    expect(start).toEqual(base());
  });

  it("counts live-quiz podiums and wins", () => {
    const folded = foldOnto(base(), [
      entry({ seq: 4, reason: "live_quiz", detail: { rank: 1 } }),
      entry({ seq: 5, reason: "live_quiz", detail: { rank: 3 } }),
      entry({ seq: 6, reason: "live_quiz", detail: { rank: 4 } }),
    ]);
    expect(folded).toMatchObject({ podiums: 2, liveWins: 1, counts: { live_quiz: 3 } });
  });

  it("counts a perfect quiz from its own bonus award, and from a perfect pass of older ledgers", () => {
    const folded = foldOnto(base(), [
      entry({ seq: 4, reason: "quiz_passed" }),
      entry({ seq: 5, reason: "quiz_perfect", detail: { perfect: true } }),
      entry({ seq: 6, reason: "quiz_passed", detail: { perfect: true } }),
    ]);
    expect(folded).toMatchObject({ perfectQuizzes: 2, counts: { quiz_passed: 2, quiz_perfect: 1 } });
  });
});
