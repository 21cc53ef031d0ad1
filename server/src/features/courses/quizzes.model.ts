import type { QuestionResult } from "@chalkline/shared";
import mongoose, { type HydratedDocument } from "mongoose";

/** Every graded submission is kept: learners may retake a quiz, and see each attempt. */
const quizAttemptSchema = new mongoose.Schema(
  {
    userId: { type: mongoose.Schema.Types.ObjectId, required: true },
    courseId: { type: mongoose.Schema.Types.ObjectId, required: true },
    lessonId: { type: mongoose.Schema.Types.ObjectId, required: true },
    results: { type: [mongoose.Schema.Types.Mixed], required: true },
    correct: { type: Number, required: true },
    total: { type: Number, required: true },
    percent: { type: Number, required: true },
    passed: { type: Boolean, required: true },
    passPercent: { type: Number, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
quizAttemptSchema.index({ lessonId: 1, userId: 1, createdAt: -1 });
export type QuizAttemptRecord = {
  userId: mongoose.Types.ObjectId;
  courseId: mongoose.Types.ObjectId;
  lessonId: mongoose.Types.ObjectId;
  results: QuestionResult[];
  correct: number;
  total: number;
  percent: number;
  passed: boolean;
  passPercent: number;
  createdAt: Date;
};
export type QuizAttemptDoc = HydratedDocument<QuizAttemptRecord>;
export const QuizAttempt = mongoose.model<QuizAttemptRecord>("QuizAttempt", quizAttemptSchema, "quizAttempts");

/**
 * A quiz's statistics: the fold of its tally chain through `seq` (quizzes.tally.ts), so reading
 * them never scans attempts. `questions.<questionId>.{attempts,correct}` and
 * `questions.<questionId>.choices.<optionId>`; question and option ids are restricted to safe field
 * names by the shared schema.
 */
const quizTallySchema = new mongoose.Schema(
  {
    lessonId: { type: mongoose.Schema.Types.ObjectId, required: true, unique: true },
    seq: { type: Number, default: 0 },
    /** The newest chain position an append reported: where the next append tries first. */
    head: { type: Number, default: 0 },
    attempts: { type: Number, default: 0 },
    passed: { type: Number, default: 0 },
    questions: { type: mongoose.Schema.Types.Mixed, default: {} },
  },
  { minimize: false },
);
export type QuestionTally = { attempts?: number; correct?: number; choices?: Record<string, number> };
export type QuizTallyRecord = {
  lessonId: mongoose.Types.ObjectId;
  seq: number;
  head?: number;
  attempts: number;
  passed: number;
  questions: Record<string, QuestionTally>;
};
export const QuizTally = mongoose.model<QuizTallyRecord>("QuizTally", quizTallySchema, "quizTallies");
