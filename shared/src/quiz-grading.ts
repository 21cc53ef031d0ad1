import { DEFAULT_PASS_PERCENT, type QuizAnswer, type QuizGrade, type QuizQuestion } from "./quiz";

/** Short answers compare without regard to case, accents' composition or runs of whitespace. */
export function normalizeShortAnswer(text: string): string {
  return text.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Whether `answer` answers `question` correctly. An answer of another type, a missing one, or a
 * multiple choice that is not exactly the correct set, is wrong. Used by course quizzes and the live quiz.
 */
export function gradeAnswer(question: QuizQuestion, answer: QuizAnswer | null | undefined): boolean {
  if (!answer || answer.questionId !== question.id) return false;
  switch (question.type) {
    case "single":
      return answer.type === "single" && answer.optionId === question.correctOptionId;
    case "multiple": {
      if (answer.type !== "multiple") return false;
      const chosen = new Set(answer.optionIds);
      return (
        chosen.size === question.correctOptionIds.length && question.correctOptionIds.every((id) => chosen.has(id))
      );
    }
    case "true_false":
      return answer.type === "true_false" && answer.value === question.correct;
    case "short_answer": {
      if (answer.type !== "short_answer") return false;
      const given = normalizeShortAnswer(answer.text);
      return given !== "" && question.acceptedAnswers.some((accepted) => normalizeShortAnswer(accepted) === given);
    }
    default:
      return assertNever(question);
  }
}

/** Grades every question of a quiz in order; it passes when at least `passPercent` of them are right. */
export function gradeQuiz(
  questions: readonly QuizQuestion[],
  answers: readonly QuizAnswer[],
  passPercent = DEFAULT_PASS_PERCENT,
): QuizGrade {
  const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
  const results = questions.map((question) => {
    const answer = byQuestion.get(question.id) ?? null;
    return {
      questionId: question.id,
      correct: gradeAnswer(question, answer),
      explanation: question.explanation,
      answer,
    };
  });
  const correct = results.filter((r) => r.correct).length;
  const total = questions.length;
  const share = total === 0 ? 0 : (correct / total) * 100;
  return { results, correct, total, percent: Math.round(share), passed: total > 0 && share >= passPercent };
}

function assertNever(value: never): never {
  throw new Error(`unexpected question: ${JSON.stringify(value)}`);
}
