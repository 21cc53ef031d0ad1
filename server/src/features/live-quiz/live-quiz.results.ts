import { gradeQuiz, type LiveQuizStanding, liveQuizXp, type QuizAnswer } from "@chalkline/shared";
import type mongoose from "mongoose";
import { isDuplicateKey, objectIdFrom } from "../../platform/mongo";
import { claimFirstCorrect } from "../courses/quizzes.firsts";
import { tallyAttempt } from "../courses/quizzes.tally";
import type { AwardsService } from "../ledger/awards.service";
import { improveBest } from "./live-quiz.bests";
import { LiveQuizAttempt } from "./live-quiz.model";
import type { LiveQuizSession } from "./live-quiz.store";
import type { AnswersTo } from "./live-quiz.view";

/**
 * One learner's attempt id in one session, derived from both: storing the results again (a retry,
 * or a sweep after the ending node died) finds the attempt already there instead of adding a second.
 */
export function liveAttemptId(sessionId: string, userId: string): mongoose.Types.ObjectId {
  return objectIdFrom(`${sessionId}:${userId}`);
}

/**
 * Keeps an ended session's results: an attempt per ranked learner, with their score, rank and
 * per-question points, counted in the lesson's quiz statistics. Through the ledger, like a course
 * quiz: points for the questions the learner answers right for the first time (at this lesson, live
 * or not), and XP only for what the result adds to their best live result at the lesson
 * (live-quiz.bests.ts), once per learner and session. Every step is idempotent, so the whole may
 * run again. Ranks and scores come from the same read as the final standings, so what is stored is
 * what was shown.
 */
export class LiveQuizResults {
  constructor(private readonly awards: Pick<AwardsService, "award">) {}

  async record(session: LiveQuizSession, ranked: readonly LiveQuizStanding[], asked: readonly AnswersTo[]) {
    const questions = session.questions.slice(0, asked.length);
    await Promise.all(
      ranked.map(async (player) => {
        const userId = player.user.id;
        const mine = asked.map((answers) => answers.get(userId));
        const given = mine.flatMap((m): QuizAnswer[] => (m ? [m.answer] : []));
        const grade = gradeQuiz(questions, given, session.passPercent);
        const results = grade.results.map((result, i) => ({ ...result, points: mine[i]?.points ?? 0 }));
        const attemptId = liveAttemptId(session.id, userId);
        await LiveQuizAttempt.create({
          _id: attemptId,
          userId,
          courseId: session.courseId,
          lessonId: session.lessonId,
          ...grade,
          results,
          passPercent: session.passPercent,
          live: {
            sessionId: session.id,
            roomId: session.roomId,
            score: player.score,
            rank: player.rank,
            players: ranked.length,
          },
        }).catch((error: unknown) => {
          if (!isDuplicateKey(error)) throw error;
        });
        await tallyAttempt(session.lessonId, String(attemptId), questions, grade);
        const award = { userId, courseId: session.courseId, roomId: session.roomId };
        const firsts = await claimFirstCorrect(userId, session.lessonId, String(attemptId), grade);
        if (firsts > 0) {
          const detail = { correct: firsts, total: grade.total };
          await this.awards.award({
            ...award,
            reason: "quiz_correct_answers",
            key: `quiz-correct:${attemptId}`,
            detail,
          });
        }
        const result = { rank: player.rank, score: player.score };
        const xp = await improveBest(userId, session.lessonId, String(attemptId), liveQuizXp(result));
        if (xp > 0) {
          const detail = { ...result, correct: grade.correct, total: grade.total, xp };
          await this.awards.award({ ...award, reason: "live_quiz", key: `live-quiz:${session.id}`, detail });
        }
      }),
    );
  }
}
