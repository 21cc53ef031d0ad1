import { z } from "zod";
import { requestIdSchema } from "./accounts";
import { SCHEMA_MESSAGES } from "./schema-messages";

/**
 * Quizzes: questions as the instructor writes them (with their answers), as learners see them
 * before submitting (without), the answers learners send, and the graded results and statistics.
 */

export const QUESTION_TYPES = ["single", "multiple", "true_false", "short_answer"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const MAX_QUIZ_QUESTIONS = 50;
export const MAX_QUESTION_OPTIONS = 10;
export const MAX_ACCEPTED_ANSWERS = 20;
export const MAX_SHORT_ANSWER_CHARS = 500;
/** A quiz passes at this share of correct answers unless its instructor sets another. */
export const DEFAULT_PASS_PERCENT = 70;

/**
 * Question and option ids are chosen by the editor and kept across edits, so statistics follow a
 * question. They start with a letter and hold no dots, so they are safe as stored field names.
 */
export const quizItemIdSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,35}$/, { message: SCHEMA_MESSAGES.shortId });

const promptSchema = z.string().trim().min(1).max(2000);
const explanationSchema = z.string().trim().max(2000).default("");
const optionSchema = z.strictObject({ id: quizItemIdSchema, text: z.string().trim().min(1).max(500) });
const optionsSchema = z.array(optionSchema).min(2).max(MAX_QUESTION_OPTIONS);

export const quizQuestionSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("single"),
    id: quizItemIdSchema,
    prompt: promptSchema,
    explanation: explanationSchema,
    options: optionsSchema,
    correctOptionId: quizItemIdSchema,
  }),
  z.strictObject({
    type: z.literal("multiple"),
    id: quizItemIdSchema,
    prompt: promptSchema,
    explanation: explanationSchema,
    options: optionsSchema,
    correctOptionIds: z.array(quizItemIdSchema).min(1).max(MAX_QUESTION_OPTIONS),
  }),
  z.strictObject({
    type: z.literal("true_false"),
    id: quizItemIdSchema,
    prompt: promptSchema,
    explanation: explanationSchema,
    correct: z.boolean(),
  }),
  z.strictObject({
    type: z.literal("short_answer"),
    id: quizItemIdSchema,
    prompt: promptSchema,
    explanation: explanationSchema,
    /** Compared ignoring case and runs of whitespace. */
    acceptedAnswers: z.array(z.string().trim().min(1).max(MAX_SHORT_ANSWER_CHARS)).min(1).max(MAX_ACCEPTED_ANSWERS),
  }),
]);
export type QuizQuestion = z.infer<typeof quizQuestionSchema>;

const unique = (ids: string[]) => new Set(ids).size === ids.length;

/** A quiz as its instructor edits it: ids unique, and every correct option one of the question's options. */
export const quizSchema = z
  .strictObject({
    passPercent: z.number().int().min(1).max(100).default(DEFAULT_PASS_PERCENT),
    questions: z.array(quizQuestionSchema).min(1).max(MAX_QUIZ_QUESTIONS),
  })
  .superRefine((quiz, ctx) => {
    if (!unique(quiz.questions.map((q) => q.id))) {
      ctx.addIssue({ code: "custom", path: ["questions"], message: SCHEMA_MESSAGES.uniqueQuestionIds });
    }
    quiz.questions.forEach((q, index) => {
      const path = ["questions", index];
      if (q.type !== "single" && q.type !== "multiple") return;
      const optionIds = q.options.map((o) => o.id);
      if (!unique(optionIds)) ctx.addIssue({ code: "custom", path, message: SCHEMA_MESSAGES.uniqueOptionIds });
      const correct = q.type === "single" ? [q.correctOptionId] : q.correctOptionIds;
      if (!unique(correct) || correct.some((id) => !optionIds.includes(id))) {
        ctx.addIssue({ code: "custom", path, message: SCHEMA_MESSAGES.correctAmongOptions });
      }
    });
  });
export type Quiz = z.infer<typeof quizSchema>;

/** What a learner sees of a question before submitting: no correct answers, no explanation. */
export const learnerQuestionSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.enum(["single", "multiple"]),
    id: z.string(),
    prompt: z.string(),
    options: z.array(z.object({ id: z.string(), text: z.string() })),
  }),
  z.object({ type: z.enum(["true_false", "short_answer"]), id: z.string(), prompt: z.string() }),
]);
export type LearnerQuestion = z.infer<typeof learnerQuestionSchema>;

/** The learner's view of a question: the same prompt and options, stripped of everything that answers it. */
export function toLearnerQuestion(question: QuizQuestion): LearnerQuestion {
  const { type, id, prompt } = question;
  if (type === "single" || type === "multiple") {
    return { type, id, prompt, options: question.options.map(({ id, text }) => ({ id, text })) };
  }
  return { type, id, prompt };
}

export const quizAnswerSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("single"), questionId: quizItemIdSchema, optionId: quizItemIdSchema }),
  z.strictObject({
    type: z.literal("multiple"),
    questionId: quizItemIdSchema,
    optionIds: z.array(quizItemIdSchema).max(MAX_QUESTION_OPTIONS),
  }),
  z.strictObject({ type: z.literal("true_false"), questionId: quizItemIdSchema, value: z.boolean() }),
  z.strictObject({
    type: z.literal("short_answer"),
    questionId: quizItemIdSchema,
    text: z.string().max(MAX_SHORT_ANSWER_CHARS),
  }),
]);
export type QuizAnswer = z.infer<typeof quizAnswerSchema>;

/** POST …/attempts — at most one answer per question; unanswered questions count as wrong. */
export const submitQuizBodySchema = z.strictObject({
  /** Sending the same submission again with it returns the first attempt instead of adding one. */
  requestId: requestIdSchema.optional(),
  answers: z
    .array(quizAnswerSchema)
    .max(MAX_QUIZ_QUESTIONS)
    .refine((answers) => unique(answers.map((a) => a.questionId)), { message: "one answer per question" }),
});
export type SubmitQuizBody = z.infer<typeof submitQuizBodySchema>;

export const questionResultSchema = z.object({
  questionId: z.string(),
  correct: z.boolean(),
  /** The instructor's explanation, shown once the learner has answered. */
  explanation: z.string(),
  /** What the learner answered; null when they left the question out. */
  answer: quizAnswerSchema.nullable(),
});
export type QuestionResult = z.infer<typeof questionResultSchema>;

/** A graded quiz: the pure result of `gradeQuiz`. */
export const quizGradeSchema = z.object({
  results: z.array(questionResultSchema),
  correct: z.number(),
  total: z.number(),
  percent: z.number(),
  passed: z.boolean(),
});
export type QuizGrade = z.infer<typeof quizGradeSchema>;

/** A stored attempt, as its learner sees it. */
export const quizAttemptViewSchema = quizGradeSchema.extend({
  id: z.string(),
  lessonId: z.string(),
  passPercent: z.number(),
  createdAt: z.string(),
  /** Set for an attempt made in a live quiz in class: the learner's score and place among the players. */
  live: z.object({ score: z.number(), rank: z.number().int(), players: z.number().int() }).nullable(),
});
export type QuizAttemptView = z.infer<typeof quizAttemptViewSchema>;

/** Per question, over every attempt so far: how many answered it, how many were right, what they chose. */
export const questionStatsSchema = z.object({
  questionId: z.string(),
  type: z.enum(QUESTION_TYPES),
  prompt: z.string(),
  attempts: z.number(),
  correct: z.number(),
  correctPercent: z.number(),
  /** Choice questions only (true/false as "true" and "false"): how often each was picked. */
  options: z.array(z.object({ id: z.string(), text: z.string(), count: z.number(), correct: z.boolean() })),
});
export type QuestionStats = z.infer<typeof questionStatsSchema>;

export const quizStatsSchema = z.object({
  lessonId: z.string(),
  title: z.string(),
  attempts: z.number(),
  passed: z.number(),
  questions: z.array(questionStatsSchema),
});
export type QuizStats = z.infer<typeof quizStatsSchema>;
