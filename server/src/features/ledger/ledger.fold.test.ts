import { describe, expect, it } from "vitest";
import { foldUpdate } from "./ledger.fold";
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

describe("foldUpdate", () => {
  it("merges consecutive entries of both chains into one update: last position, summed stats", () => {
    const update = foldUpdate([
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
    expect(update).toEqual({
      $set: {
        "xp.seq": 6,
        "xp.total": 470,
        "streak.lastDay": "2026-12-01",
        "streak.length": 6,
        "points.seq": 4,
        "points.total": 85,
        "achievements.perfectionist": at,
      },
      $inc: {
        "counts.quiz_passed": 1,
        "counts.daily_streak": 1,
        "counts.lesson_completed": 1,
        "weeklyXp.2026-W49": 170,
        "weeklyXp.2026-W50": 50,
        "monthlyXp.2026-12": 220,
        perfectQuizzes: 1,
        "points.earned": 95,
        correctAnswers: 7,
      },
      $max: { "streak.best": 6 },
    });
  });

  it("counts live-quiz podiums and wins", () => {
    const update = foldUpdate([
      entry({ reason: "live_quiz", detail: { rank: 1 } }),
      entry({ seq: 2, reason: "live_quiz", detail: { rank: 3 } }),
      entry({ seq: 3, reason: "live_quiz", detail: { rank: 4 } }),
    ]);
    expect(update.$inc).toMatchObject({ podiums: 2, liveWins: 1, "counts.live_quiz": 3 });
  });
});
