import mongoose, { type HydratedDocument, type InferSchemaType } from "mongoose";

/** One learner in one lesson: when they started, how long they spent, when they completed it. */
const lessonProgressSchema = new mongoose.Schema({
  userId: { type: mongoose.Schema.Types.ObjectId, required: true },
  courseId: { type: mongoose.Schema.Types.ObjectId, required: true },
  lessonId: { type: mongoose.Schema.Types.ObjectId, required: true },
  startedAt: { type: Date, required: true },
  /** When time was last credited; a heartbeat is credited at most the wall-clock time since. */
  lastBeatAt: { type: Date, required: true },
  timeSpentSeconds: { type: Number, default: 0 },
  completedAt: { type: Date, default: null },
});
lessonProgressSchema.index({ userId: 1, lessonId: 1 }, { unique: true });
lessonProgressSchema.index({ userId: 1, courseId: 1 });
export type LessonProgressDoc = HydratedDocument<InferSchemaType<typeof lessonProgressSchema>>;
export const LessonProgressRecord = mongoose.model("LessonProgress", lessonProgressSchema, "lessonProgress");
