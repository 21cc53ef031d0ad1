import type { QuestionStats, Quiz, QuizQuestion, QuizStats } from "@chalkline/shared";
import { assertNever } from "../../platform/errors";
import type { LessonDoc } from "./lessons.model";
import type { QuestionTally, QuizTallyRecord } from "./quizzes.model";

/**
 * Statistics for the quiz as it is now: counters of questions since removed are left out, and an
 * option's "correct" mark is today's, while past attempts were graded by the answers of their day.
 */
export function toQuizStats(lesson: LessonDoc, quiz: Quiz, counts: QuizTallyRecord | null): QuizStats {
  return {
    lessonId: lesson.id,
    title: lesson.title,
    attempts: counts?.attempts ?? 0,
    passed: counts?.passed ?? 0,
    questions: quiz.questions.map((question) => {
      const tallied = counts?.questions?.[question.id] ?? {};
      const attempts = tallied.attempts ?? 0;
      const correct = tallied.correct ?? 0;
      return {
        questionId: question.id,
        type: question.type,
        prompt: question.prompt,
        attempts,
        correct,
        correctPercent: attempts === 0 ? 0 : Math.round((correct / attempts) * 100),
        options: optionStats(question, tallied),
      };
    }),
  };
}

/** How often each choice was picked; true/false counts as the two choices "true" and "false". */
function optionStats(question: QuizQuestion, tallied: QuestionTally): QuestionStats["options"] {
  const picked = (id: string) => tallied.choices?.[id] ?? 0;
  switch (question.type) {
    case "single":
    case "multiple": {
      const correct = question.type === "single" ? [question.correctOptionId] : question.correctOptionIds;
      return question.options.map((o) => ({
        id: o.id,
        text: o.text,
        count: picked(o.id),
        correct: correct.includes(o.id),
      }));
    }
    case "true_false":
      return [true, false].map((value) => ({
        id: String(value),
        text: value ? "True" : "False",
        count: picked(String(value)),
        correct: question.correct === value,
      }));
    case "short_answer":
      return [];
    default:
      return assertNever(question);
  }
}
