import {
  gradeQuiz,
  type Quiz,
  type QuizAttemptView,
  type QuizGrade,
  type QuizStats,
  type SubmitQuizBody,
} from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey, objectIdFrom } from "../../platform/mongo";
import { countDaily } from "../analytics/analytics.counters";
import type { AwardsService } from "../ledger/awards.service";
import type { Actor } from "../rooms/rooms.access";
import { courseForEditor, courseForLearner } from "./courses.access";
import type { CourseDoc } from "./courses.model";
import type { LessonDoc } from "./lessons.model";
import { listedLesson } from "./lessons.service";
import type { ProgressService } from "./progress.service";
import { claimFirstCorrect } from "./quizzes.firsts";
import { QuizAttempt, type QuizAttemptDoc } from "./quizzes.model";
import { toQuizStats } from "./quizzes.stats";
import { currentTally, tallyAttempt } from "./quizzes.tally";

const MAX_ATTEMPTS_LISTED = 50;

/** A failed attempt: who failed which quiz (the quiz lesson of a course). */
export interface FailedAttempt {
  userId: string;
  courseId: string;
  lessonId: string;
}

/** Quiz attempts graded on the server, kept for the learner, tallied for the instructor. */
export class QuizService {
  readonly #failedListeners: Array<(failed: FailedAttempt) => Promise<void>> = [];

  constructor(
    private readonly awards: Pick<AwardsService, "award">,
    private readonly progress: ProgressService,
  ) {}

  /** Calls `listener` with the learner and quiz after each failed attempt (again for a resent one), before answering. */
  onFailed(listener: (failed: FailedAttempt) => Promise<void>): void {
    this.#failedListeners.push(listener);
  }

  /**
   * Grades and keeps the attempt, then awards points for the questions it is the first to answer
   * right (quizzes.firsts.ts) and, on a pass, the pass and a perfect score once per learner each, and
   * the lesson's completion. So a retake earns only what it improves: questions never right before,
   * and the perfect score's bonus over a pass. A submission sent again with its `requestId` finishes
   * and returns the first attempt: every step is keyed by it.
   */
  async submit(actor: Actor, courseId: string, lessonId: string, body: SubmitQuizBody): Promise<QuizAttemptView> {
    const course = await courseForLearner(courseId, actor);
    const quiz = quizOf((await listedLesson(course, lessonId)).lesson);
    const _id = body.requestId ? objectIdFrom(`${actor.id}:${lessonId}:${body.requestId}`) : undefined;
    let resent = false;
    const attempt = await QuizAttempt.create({
      _id,
      userId: actor.id,
      courseId: course._id,
      lessonId,
      ...gradeQuiz(quiz.questions, body.answers, quiz.passPercent),
      passPercent: quiz.passPercent,
    }).catch(async (error: unknown) => {
      const first = _id && isDuplicateKey(error) ? await QuizAttempt.findById(_id) : null;
      if (!first) throw error;
      resent = true;
      return first;
    });
    const grade = attemptGrade(attempt);
    if (!resent) countDaily({ quizAttempts: 1, quizPasses: grade.passed ? 1 : 0 });
    await tallyAttempt(lessonId, attempt.id, quiz.questions, grade);
    const award = { userId: actor.id, courseId, at: attempt.createdAt };
    const firsts = await claimFirstCorrect(actor.id, lessonId, attempt.id, grade);
    if (firsts > 0) {
      const detail = { correct: firsts, total: grade.total };
      await this.awards.award({ ...award, reason: "quiz_correct_answers", key: `quiz-correct:${attempt.id}`, detail });
    }
    if (grade.passed) {
      const detail = { correct: grade.correct, total: grade.total };
      await this.awards.award({ ...award, reason: "quiz_passed", key: `quiz:${lessonId}`, detail });
      if (grade.correct === grade.total) {
        const perfect = { ...detail, perfect: true };
        await this.awards.award({ ...award, reason: "quiz_perfect", key: `quiz-perfect:${lessonId}`, detail: perfect });
      }
      await this.progress.markCompleted(course, actor.id, lessonId);
    } else {
      const failed = { userId: actor.id, courseId, lessonId };
      await Promise.all(this.#failedListeners.map((listener) => listener(failed)));
    }
    return toAttemptView(attempt);
  }

  /** The learner's own attempts at a quiz, newest first. */
  async myAttempts(actor: Actor, courseId: string, lessonId: string): Promise<QuizAttemptView[]> {
    const course = await courseForLearner(courseId, actor);
    quizOf((await listedLesson(course, lessonId)).lesson);
    const attempts = await QuizAttempt.find({ lessonId, userId: actor.id })
      .sort({ createdAt: -1 })
      .limit(MAX_ATTEMPTS_LISTED);
    return attempts.map(toAttemptView);
  }

  /** Per-question statistics over every attempt, for the course's editors. */
  async stats(actor: Actor, courseId: string, lessonId: string): Promise<QuizStats> {
    const course: CourseDoc = await courseForEditor(courseId, actor);
    const { lesson } = await listedLesson(course, lessonId);
    return toQuizStats(lesson, quizOf(lesson), await currentTally(lessonId));
  }
}

function quizOf(lesson: LessonDoc): Quiz {
  if (lesson.content.kind !== "quiz") throw new AppError("not_found", "this lesson has no quiz");
  return lesson.content.quiz;
}

function attemptGrade(attempt: QuizAttemptDoc): QuizGrade {
  const { results, correct, total, percent, passed } = attempt;
  return { results, correct, total, percent, passed };
}

function toAttemptView(attempt: QuizAttemptDoc): QuizAttemptView {
  return {
    id: attempt.id,
    lessonId: String(attempt.lessonId),
    results: attempt.results,
    correct: attempt.correct,
    total: attempt.total,
    percent: attempt.percent,
    passed: attempt.passed,
    passPercent: attempt.passPercent,
    createdAt: attempt.createdAt.toISOString(),
    live: liveResultOf(attempt),
  };
}

/** What a live quiz in class (features/live-quiz) stored on its attempts, whose model extends this one. */
function liveResultOf(attempt: QuizAttemptDoc): QuizAttemptView["live"] {
  const live = attempt.get("live") as { score: number; rank: number; players: number } | undefined;
  return live ? { score: live.score, rank: live.rank, players: live.players } : null;
}
