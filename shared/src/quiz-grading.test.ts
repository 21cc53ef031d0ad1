import { describe, expect, it } from "vitest";
import { type QuizAnswer, type QuizQuestion, quizSchema, submitQuizBodySchema, toLearnerQuestion } from "./quiz";
import { gradeAnswer, gradeQuiz } from "./quiz-grading";

const options = [
  { id: "a", text: "2" },
  { id: "b", text: "3" },
  { id: "c", text: "4" },
];
const single: QuizQuestion = {
  type: "single",
  id: "q1",
  prompt: "1 + 1?",
  explanation: "One and one make two.",
  options,
  correctOptionId: "a",
};
const multiple: QuizQuestion = {
  type: "multiple",
  id: "q2",
  prompt: "Even numbers?",
  explanation: "",
  options,
  correctOptionIds: ["a", "c"],
};
const trueFalse: QuizQuestion = {
  type: "true_false",
  id: "q3",
  prompt: "Lists are mutable.",
  explanation: "",
  correct: true,
};
const shortAnswer: QuizQuestion = {
  type: "short_answer",
  id: "q4",
  prompt: "Keyword that defines a function?",
  explanation: "",
  acceptedAnswers: ["def", "Define Function"],
};

describe("gradeAnswer", () => {
  it("single choice: only the correct option", () => {
    expect(gradeAnswer(single, { type: "single", questionId: "q1", optionId: "a" })).toBe(true);
    expect(gradeAnswer(single, { type: "single", questionId: "q1", optionId: "b" })).toBe(false);
  });

  it("multiple choice: exactly the correct set, in any order, duplicates ignored", () => {
    const pick = (optionIds: string[]): QuizAnswer => ({ type: "multiple", questionId: "q2", optionIds });
    expect(gradeAnswer(multiple, pick(["c", "a"]))).toBe(true);
    expect(gradeAnswer(multiple, pick(["a", "c", "a"]))).toBe(true);
    expect(gradeAnswer(multiple, pick(["a"]))).toBe(false);
    expect(gradeAnswer(multiple, pick(["a", "b", "c"]))).toBe(false);
    expect(gradeAnswer(multiple, pick([]))).toBe(false);
  });

  it("true/false", () => {
    expect(gradeAnswer(trueFalse, { type: "true_false", questionId: "q3", value: true })).toBe(true);
    expect(gradeAnswer(trueFalse, { type: "true_false", questionId: "q3", value: false })).toBe(false);
  });

  it("short answer: ignores case, surrounding and repeated whitespace; blank is wrong", () => {
    const say = (text: string): QuizAnswer => ({ type: "short_answer", questionId: "q4", text });
    expect(gradeAnswer(shortAnswer, say("  DEF "))).toBe(true);
    expect(gradeAnswer(shortAnswer, say("define\n   function"))).toBe(true);
    expect(gradeAnswer(shortAnswer, say("define"))).toBe(false);
    expect(gradeAnswer(shortAnswer, say("   "))).toBe(false);
  });

  it("an answer of another type or for another question, or none, is wrong", () => {
    expect(gradeAnswer(single, { type: "multiple", questionId: "q1", optionIds: ["a"] })).toBe(false);
    expect(gradeAnswer(single, { type: "single", questionId: "q9", optionId: "a" })).toBe(false);
    expect(gradeAnswer(trueFalse, null)).toBe(false);
  });
});

describe("gradeQuiz", () => {
  const questions = [single, multiple, trueFalse, shortAnswer];

  it("grades each question in order, counts unanswered ones as wrong, and passes at the threshold", () => {
    const grade = gradeQuiz(questions, [
      { type: "short_answer", questionId: "q4", text: "def" },
      { type: "single", questionId: "q1", optionId: "a" },
      { type: "true_false", questionId: "q3", value: true },
    ]);
    expect(grade.results.map((r) => [r.questionId, r.correct])).toEqual([
      ["q1", true],
      ["q2", false],
      ["q3", true],
      ["q4", true],
    ]);
    expect(grade.results[0]!.explanation).toBe("One and one make two.");
    expect(grade.results[1]!.answer).toBeNull();
    expect(grade).toMatchObject({ correct: 3, total: 4, percent: 75, passed: true });
    expect(gradeQuiz(questions, [], 70)).toMatchObject({ correct: 0, percent: 0, passed: false });
    expect(
      gradeQuiz(
        questions.slice(0, 3),
        [
          { type: "single", questionId: "q1", optionId: "a" },
          { type: "true_false", questionId: "q3", value: true },
        ],
        67,
      ).passed,
    ).toBe(false);
  });
});

describe("quiz schemas", () => {
  it("refuse correct options that are not among the options, and repeated ids", () => {
    expect(quizSchema.safeParse({ questions: [single, multiple, trueFalse, shortAnswer] }).success).toBe(true);
    expect(quizSchema.safeParse({ questions: [{ ...single, correctOptionId: "z" }] }).success).toBe(false);
    expect(quizSchema.safeParse({ questions: [{ ...multiple, correctOptionIds: ["a", "a"] }] }).success).toBe(false);
    expect(quizSchema.safeParse({ questions: [single, { ...trueFalse, id: "q1" }] }).success).toBe(false);
    expect(quizSchema.safeParse({ questions: [{ ...single, id: "has.dot" }] }).success).toBe(false);
  });

  it("learner questions carry no answers or explanations", () => {
    const seen = [single, multiple, trueFalse, shortAnswer].map(toLearnerQuestion);
    const text = JSON.stringify(seen);
    for (const secret of ["correct", "acceptedAnswers", "explanation", "Define Function"]) {
      expect(text).not.toContain(secret);
    }
    expect(seen[0]).toEqual({ type: "single", id: "q1", prompt: "1 + 1?", options });
  });

  it("take one answer per question", () => {
    const twice = { answers: [1, 2].map(() => ({ type: "true_false", questionId: "q3", value: true })) };
    expect(submitQuizBodySchema.safeParse(twice).success).toBe(false);
  });
});
