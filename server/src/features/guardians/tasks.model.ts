import mongoose, { type HydratedDocument, type InferSchemaType } from "mongoose";

const { ObjectId } = mongoose.Schema.Types;

/** A guardian's multiple-choice task for a linked learner; its answers are `TaskAttempt`s. */
const guardianTaskSchema = new mongoose.Schema(
  {
    guardianId: { type: ObjectId, required: true },
    learnerId: { type: ObjectId, required: true },
    question: { type: String, required: true },
    choices: { type: [String], required: true },
    correctChoice: { type: Number, required: true },
    points: { type: Number, required: true },
    /** When the learner first opened it: the timer's start. */
    startedAt: { type: Date, default: null },
    /** When the reward of a right first answer was credited (the ledger key makes crediting it again harmless). */
    creditedAt: { type: Date, default: null },
    /** What was credited: the reward, or less when the learner's daily cap for this guardian was reached. */
    creditedPoints: { type: Number, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
guardianTaskSchema.index({ learnerId: 1, _id: -1 });
guardianTaskSchema.index({ guardianId: 1, learnerId: 1, _id: -1 });

export type GuardianTaskDoc = HydratedDocument<InferSchemaType<typeof guardianTaskSchema>>;
export const GuardianTask = mongoose.model("GuardianTask", guardianTaskSchema, "guardianTasks");

/**
 * Answer `n` of a task, stored under "<taskId>:<n>" — the ledger's chain pattern: two answers sent
 * at once cannot both be answer n, so which answer came first is decided by the unique `_id`
 * (FerretDB's conditional updates are not atomic; its inserts are). Immutable once written.
 */
const taskAttemptSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    taskId: { type: ObjectId, required: true },
    n: { type: Number, required: true },
    choice: { type: Number, required: true },
    correct: { type: Boolean, required: true },
    at: { type: Date, required: true },
    /** Since the learner first opened the task. */
    secondsTaken: { type: Number, required: true },
  },
  { versionKey: false },
);
taskAttemptSchema.index({ taskId: 1, n: 1 });

export type TaskAttemptRecord = InferSchemaType<typeof taskAttemptSchema> & { _id: string };
export const TaskAttempt = mongoose.model("GuardianTaskAttempt", taskAttemptSchema, "guardianTaskAttempts");

export const attemptId = (taskId: string, n: number) => `${taskId}:${n}`;
