import { z } from "zod";
import { ACHIEVEMENT_POINTS, achievementById } from "./achievements";

/** Why XP or points were credited; every ledger entry of an award carries one. */
export const AWARD_REASONS = [
  "lesson_completed",
  "quiz_passed",
  "quiz_perfect",
  "course_completed",
  "daily_streak",
  "quiz_correct_answers",
  "live_quiz",
  "achievement",
  "guardian_task",
  "focus_minutes",
  "exercise_passed",
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
  /** For `guardian_task` awards: the points credited for the task (its reward, up to the day's cap). */
  points: z.number().int().min(0).max(10_000).optional(),
  /** For `live_quiz` awards: the XP it is worth, when not its result's own (a retake earns its improvement). */
  xp: z.number().int().min(0).max(10_000).optional(),
  /** For `focus_minutes` awards: the focus minutes credited (elapsed, within the day's cap). */
  minutes: z.number().int().min(0).max(1440).optional(),
});
export type AwardDetail = z.infer<typeof awardDetailSchema>;

export const AWARD_XP = {
  lessonCompleted: 50,
  quizPassed: 100,
  exercisePassed: 100,
  perfectQuizBonus: 50,
  courseCompleted: 500,
  dailyStreak: 20,
  liveQuizTaking: 20,
  perFocusMinute: 2,
} as const;

export const AWARD_POINTS = {
  lessonCompleted: 5,
  quizPassed: 10,
  exercisePassed: 10,
  perfectQuizBonus: 10,
  perCorrectAnswer: 10,
  courseCompleted: 50,
} as const;

/** Extra XP for a live-quiz podium, by rank. */
const PODIUM_XP: Record<number, number> = { 1: 80, 2: 50, 3: 30 };
/** A live-quiz score adds one XP per 100 points, up to this many. */
const MAX_LIVE_SCORE_XP = 30;

/** What a live-quiz result is worth in XP: taking part, a podium place, and the score. */
export function liveQuizXp(detail: Pick<AwardDetail, "rank" | "score">): number {
  const podium = PODIUM_XP[detail.rank ?? 0] ?? 0;
  return AWARD_XP.liveQuizTaking + podium + Math.min(MAX_LIVE_SCORE_XP, Math.floor((detail.score ?? 0) / 100));
}

/**
 * XP for a retake: only what a result adds to the learner's best at the same quiz, in the unit the
 * result is worth (a course quiz: pass, then perfect; a live quiz: `liveQuizXp`).
 */
export function improvementXp(previousBest: number, result: number): number {
  return Math.max(0, result - previousBest);
}

export interface AwardAmounts {
  xp: number;
  points: number;
}

/**
 * The award table: what one award of `reason` is worth. XP measures learning; points are a wallet.
 * Quizzes pay points only through `quiz_correct_answers` for questions answered right the first
 * time (the quiz features count which), plus a pass and a perfect score once per quiz.
 */
export function awardAmounts(reason: AwardReason, detail: AwardDetail = {}): AwardAmounts {
  switch (reason) {
    case "lesson_completed":
      return { xp: AWARD_XP.lessonCompleted, points: AWARD_POINTS.lessonCompleted };
    case "quiz_passed":
      // A perfect pass in one award is how operators and older ledgers record it; courses award the
      // pass and the perfect score as two keys, so that a retake earns the bonus it adds.
      return detail.perfect
        ? {
            xp: AWARD_XP.quizPassed + AWARD_XP.perfectQuizBonus,
            points: AWARD_POINTS.quizPassed + AWARD_POINTS.perfectQuizBonus,
          }
        : { xp: AWARD_XP.quizPassed, points: AWARD_POINTS.quizPassed };
    case "quiz_perfect":
      return { xp: AWARD_XP.perfectQuizBonus, points: AWARD_POINTS.perfectQuizBonus };
    case "course_completed":
      return { xp: AWARD_XP.courseCompleted, points: AWARD_POINTS.courseCompleted };
    case "daily_streak":
      return { xp: AWARD_XP.dailyStreak, points: 0 };
    case "quiz_correct_answers":
      return { xp: 0, points: AWARD_POINTS.perCorrectAnswer * (detail.correct ?? 0) };
    case "live_quiz":
      return { xp: detail.xp ?? liveQuizXp(detail), points: 0 };
    case "achievement": {
      const achievement = achievementById(detail.achievement ?? "");
      return { xp: 0, points: achievement ? ACHIEVEMENT_POINTS[achievement.rarity] : 0 };
    }
    case "guardian_task":
      return { xp: 0, points: detail.points ?? 0 };
    case "focus_minutes":
      return { xp: AWARD_XP.perFocusMinute * (detail.minutes ?? 0), points: 0 };
    case "exercise_passed":
      return { xp: AWARD_XP.exercisePassed, points: AWARD_POINTS.exercisePassed };
  }
}
