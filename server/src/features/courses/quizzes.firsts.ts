import type { QuizGrade } from "@chalkline/shared";
import mongoose from "mongoose";
import { isDuplicateKey } from "../../platform/mongo";

/**
 * Quiz points are paid for the first right answer to each question, once per learner: the first
 * attempt (course or live) that answers a question right claims it by inserting a record under
 * "<userId>:<lessonId>:<questionId>". A unique `_id` insert is atomic, so of concurrent attempts
 * exactly one claims each question; the record names that attempt, so a retry of the same attempt
 * finds its claims again and the points, keyed by the attempt, are credited once.
 */
const firstCorrectSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    userId: { type: mongoose.Schema.Types.ObjectId, required: true },
    lessonId: { type: mongoose.Schema.Types.ObjectId, required: true },
    questionId: { type: String, required: true },
    attemptId: { type: mongoose.Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
const FirstCorrect = mongoose.model("QuizFirstCorrect", firstCorrectSchema, "quizFirstCorrect");

/** How many of the questions `grade` got right were answered right for the first time by `attemptId`. */
export async function claimFirstCorrect(
  userId: string,
  lessonId: string,
  attemptId: string,
  grade: Pick<QuizGrade, "results">,
): Promise<number> {
  let claimed = 0;
  for (const { questionId } of grade.results.filter((r) => r.correct)) {
    const _id = `${userId}:${lessonId}:${questionId}`;
    try {
      await FirstCorrect.create({ _id, userId, lessonId, questionId, attemptId, at: new Date() });
      claimed += 1;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const first = await FirstCorrect.findById(_id, { attemptId: 1 }).lean();
      if (String(first?.attemptId) === attemptId) claimed += 1;
    }
  }
  return claimed;
}
