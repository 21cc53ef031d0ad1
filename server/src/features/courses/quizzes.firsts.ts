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

/**
 * What a learner's claims at one lesson's quiz are, in one document at `_id` "<userId>:<lessonId>":
 * `questions.<questionId>` = the attempt that claimed it. A claim never changes hands, so the
 * summary only ever gains facts and `$set` of them is safe in any order. A retake reads it instead
 * of looking each claim up (quizFirstCorrect by `_id`, which the embedded store answers by scanning
 * the collection); a claim it lacks (a new question, a summary lost or written late) is made or
 * found in quizFirstCorrect, which decides, and added to it.
 */
const learnerFirstsSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    questions: { type: mongoose.Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);
const LearnerFirsts = mongoose.model("QuizLearnerFirsts", learnerFirstsSchema, "quizLearnerFirsts");

/** How many of the questions `grade` got right were answered right for the first time by `attemptId`. */
export async function claimFirstCorrect(
  userId: string,
  lessonId: string,
  attemptId: string,
  grade: Pick<QuizGrade, "results">,
): Promise<number> {
  const right = grade.results.filter((r) => r.correct).map((r) => r.questionId);
  if (right.length === 0) return 0;
  const summaryId = `${userId}:${lessonId}`;
  const summary = await LearnerFirsts.findById(summaryId).lean<{ questions: Record<string, string> }>();
  const known = summary?.questions ?? {};
  const learned: Record<string, string> = {};
  let claimed = 0;
  for (const questionId of right) {
    let holder: string | null | undefined = known[questionId];
    if (!holder) {
      holder = await claim(userId, lessonId, questionId, attemptId);
      if (holder) learned[`questions.${questionId}`] = holder;
    }
    if (holder === attemptId) claimed += 1;
  }
  if (Object.keys(learned).length > 0) await remember(summaryId, learned);
  return claimed;
}

/** Claims the question for `attemptId`, or finds the attempt that did: the unique `_id` decides. */
async function claim(userId: string, lessonId: string, questionId: string, attemptId: string): Promise<string | null> {
  const _id = `${userId}:${lessonId}:${questionId}`;
  try {
    await FirstCorrect.create({ _id, userId, lessonId, questionId, attemptId, at: new Date() });
    return attemptId;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const first = await FirstCorrect.findById(_id, { attemptId: 1 }).lean();
    return first ? String(first.attemptId) : null;
  }
}

async function remember(summaryId: string, claims: Record<string, string>): Promise<void> {
  try {
    await LearnerFirsts.updateOne({ _id: summaryId }, { $set: claims }, { upsert: true });
  } catch (error) {
    // Two first attempts upserting at once: the summary exists now.
    if (!isDuplicateKey(error)) throw error;
    await LearnerFirsts.updateOne({ _id: summaryId }, { $set: claims });
  }
}
