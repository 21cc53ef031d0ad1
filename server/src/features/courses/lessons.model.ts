import type { LessonContent } from "@chalkline/shared";
import mongoose, { type HydratedDocument } from "mongoose";

/**
 * One lesson's content. It belongs to its course only while the course's outline lists it, so a
 * lesson left behind by an interrupted delete is unreachable rather than half there.
 */
const lessonSchema = new mongoose.Schema(
  {
    courseId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true },
    title: { type: String, required: true },
    /** Checked against `lessonContentSchema` before every write. */
    content: { type: mongoose.Schema.Types.Mixed, required: true },
  },
  { timestamps: true, minimize: false },
);
export type LessonRecord = { courseId: mongoose.Types.ObjectId; title: string; content: LessonContent };
export type LessonDoc = HydratedDocument<LessonRecord>;
export const Lesson = mongoose.model<LessonRecord>("Lesson", lessonSchema, "lessons");
