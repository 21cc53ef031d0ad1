import { z } from "zod";
import { ACHIEVEMENT_POINTS, achievementById } from "./achievements";

/** Why XP or points were credited; every ledger entry of an award carries one. */
export const AWARD_REASONS = [
  "lesson_completed",
  "quiz_passed",
  "course_completed",
  "daily_streak",
  "quiz_correct_answers",
  "live_quiz",
  "achievement",
  "guardian_task",
] as const;
export const awardReasonSchema = z.enum(AWARD_REASONS);
export type AwardReason = z.infer<typeof awardReasonSchema>;

export const awardDetailSchema = z.strictObject({
  correct: z.number().int().min(0).max(10_000).optional(),
  total: z.number().int().min(0).max(10_000).optional(),
  perfect: z.boolean().optional(),
  /** Place in a live quiz, 1 for the winner. */
  rank: z.number().int().min(1).max(100_000).optional(),
  score: z.number().int().min(0).max(1_000_000).optional(),
  /** For `achievement` awards: which one (the key says it too: `achievement:<id>`). */
  achievement: z.string().max(40).optional(),
  /** For `guardian_task` awards: the reward the guardian set for the task. */
  points: z.number().int().min(0).max(10_000).optional(),
});
export type AwardDetail = z.infer<typeof awardDetailSchema>;

export const AWARD_XP = {
  lessonCompleted: 50,
  quizPassed: 100,
  perfectQuizBonus: 50,
  courseCompleted: 500,
  dailyStreak: 20,
  liveQuizTaking: 20,
} as const;

export const AWARD_POINTS = {
  lessonCompleted: 5,
  quizPassed: 10,
  perfectQuizBonus: 10,
  perCorrectAnswer: 10,
  courseCompleted: 50,
} as const;

/** Extra XP and points for a live-quiz podium, by rank. */
const PODIUM: Record<number, { xp: number; points: number }> = {
  1: { xp: 80, points: 30 },
  2: { xp: 50, points: 20 },
  3: { xp: 30, points: 10 },
};
/** A live-quiz score adds one XP per 100 points, up to this many. */
const MAX_LIVE_SCORE_XP = 30;

export interface AwardAmounts {
  xp: number;
  points: number;
}

/** The award table: what one award of `reason` is worth. XP measures learning; points are a wallet. */
export function awardAmounts(reason: AwardReason, detail: AwardDetail = {}): AwardAmounts {
  switch (reason) {
    case "lesson_completed":
      return { xp: AWARD_XP.lessonCompleted, points: AWARD_POINTS.lessonCompleted };
    case "quiz_passed":
      return detail.perfect
        ? {
            xp: AWARD_XP.quizPassed + AWARD_XP.perfectQuizBonus,
            points: AWARD_POINTS.quizPassed + AWARD_POINTS.perfectQuizBonus,
          }
        : { xp: AWARD_XP.quizPassed, points: AWARD_POINTS.quizPassed };
    case "course_completed":
      return { xp: AWARD_XP.courseCompleted, points: AWARD_POINTS.courseCompleted };
    case "daily_streak":
      return { xp: AWARD_XP.dailyStreak, points: 0 };
    case "quiz_correct_answers":
      return { xp: 0, points: AWARD_POINTS.perCorrectAnswer * (detail.correct ?? 0) };
    case "live_quiz": {
      const podium = PODIUM[detail.rank ?? 0] ?? { xp: 0, points: 0 };
      const scoreXp = Math.min(MAX_LIVE_SCORE_XP, Math.floor((detail.score ?? 0) / 100));
      return { xp: AWARD_XP.liveQuizTaking + podium.xp + scoreXp, points: podium.points };
    }
    case "achievement": {
      const achievement = achievementById(detail.achievement ?? "");
      return { xp: 0, points: achievement ? ACHIEVEMENT_POINTS[achievement.rarity] : 0 };
    }
    case "guardian_task":
      return { xp: 0, points: detail.points ?? 0 };
  }
}
