import { describe, expect, it } from "vitest";
import { ACHIEVEMENTS, achievementProgress, type LearnerStats, newAchievements, RARITIES } from "./achievements";
import { awardAmounts, improvementXp, liveQuizXp } from "./awards";

const stats = (over: Partial<LearnerStats> = {}): LearnerStats => ({
  xp: 0,
  level: 1,
  counts: {},
  perfectQuizzes: 0,
  correctAnswers: 0,
  podiums: 0,
  liveWins: 0,
  bestStreak: 0,
  achievements: 0,
  ...over,
});

describe("achievements", () => {
  it("has at least 12 with unique ids, in all four rarities", () => {
    expect(ACHIEVEMENTS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(ACHIEVEMENTS.map((a) => a.id)).size).toBe(ACHIEVEMENTS.length);
    for (const rarity of RARITIES) expect(ACHIEVEMENTS.some((a) => a.rarity === rarity)).toBe(true);
  });

  it("earns what the stats reach and nothing already earned", () => {
    const s = stats({ counts: { lesson_completed: 10, quiz_passed: 1 }, bestStreak: 3, perfectQuizzes: 1 });
    expect(newAchievements(s, new Set())).toEqual([
      "first_steps",
      "quiz_rookie",
      "on_a_roll",
      "bookworm",
      "perfectionist",
    ]);
    expect(newAchievements(s, new Set(["first_steps", "bookworm"]))).toEqual([
      "quiz_rookie",
      "on_a_roll",
      "perfectionist",
    ]);
    expect(newAchievements(stats(), new Set())).toEqual([]);
  });

  it("lets newly earned achievements count toward the collector", () => {
    const s = stats({
      level: 20,
      counts: { lesson_completed: 50, quiz_passed: 1, course_completed: 5 },
      bestStreak: 100,
      perfectQuizzes: 5,
      correctAnswers: 50,
      podiums: 3,
      liveWins: 3,
    });
    expect(newAchievements(s, new Set())).toEqual(ACHIEVEMENTS.map((a) => a.id));
  });

  it("reports progress capped at the target", () => {
    expect(achievementProgress("bookworm", stats({ counts: { lesson_completed: 4 } }))).toEqual({
      current: 4,
      target: 10,
    });
    expect(achievementProgress("first_steps", stats({ counts: { lesson_completed: 4 } }))).toEqual({
      current: 1,
      target: 1,
    });
  });
});

describe("award table", () => {
  it("pays what the issue says", () => {
    expect(awardAmounts("lesson_completed")).toEqual({ xp: 50, points: 5 });
    expect(awardAmounts("quiz_passed")).toEqual({ xp: 100, points: 10 });
    expect(awardAmounts("quiz_passed", { perfect: true })).toEqual({ xp: 150, points: 20 });
    expect(awardAmounts("course_completed")).toEqual({ xp: 500, points: 50 });
    expect(awardAmounts("daily_streak")).toEqual({ xp: 20, points: 0 });
    expect(awardAmounts("quiz_correct_answers", { correct: 7, total: 10 })).toEqual({ xp: 0, points: 70 });
  });

  it("pays a perfect score's bonus as its own award, which a retake that reaches it earns", () => {
    expect(awardAmounts("quiz_perfect")).toEqual({ xp: 50, points: 10 });
    expect(awardAmounts("quiz_passed").xp + awardAmounts("quiz_perfect").xp).toBe(
      awardAmounts("quiz_passed", { perfect: true }).xp,
    );
  });

  it("pays live quizzes XP by rank and score, no points of their own, and achievements by rarity", () => {
    expect(awardAmounts("live_quiz", { rank: 1, score: 1200 })).toEqual({ xp: 20 + 80 + 12, points: 0 });
    expect(awardAmounts("live_quiz", { rank: 9, score: 99_999 })).toEqual({ xp: 20 + 30, points: 0 });
    expect(liveQuizXp({ rank: 2, score: 450 })).toBe(20 + 50 + 4);
    // A retake of a live quiz is awarded what it adds to the best.
    expect(awardAmounts("live_quiz", { rank: 1, score: 1200, xp: 12 })).toEqual({ xp: 12, points: 0 });
    expect(awardAmounts("achievement", { achievement: "collector" })).toEqual({ xp: 0, points: 100 });
    expect(awardAmounts("achievement", { achievement: "nope" })).toEqual({ xp: 0, points: 0 });
  });
});

describe("improvement XP", () => {
  it("is what a result adds to the best, never less than nothing", () => {
    expect(improvementXp(0, 100)).toBe(100);
    expect(improvementXp(100, 150)).toBe(50);
    expect(improvementXp(150, 150)).toBe(0);
    expect(improvementXp(150, 100)).toBe(0);
  });
});
