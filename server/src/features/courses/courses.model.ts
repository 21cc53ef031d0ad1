import mongoose, { type HydratedDocument, type InferSchemaType } from "mongoose";

/** A module holds the order of its lessons; the lessons themselves are documents of their own. */
const moduleSchema = new mongoose.Schema({
  title: { type: String, required: true },
  lessonIds: { type: [mongoose.Schema.Types.ObjectId], default: [] },
});

/**
 * A course and its outline. The outline (modules and their lesson ids) lives in this one document so
 * every edit or reorder is a single write: no multi-document transactions. Saves check the version
 * (optimistic concurrency), so two editors cannot silently overwrite each other's outline.
 */
const courseSchema = new mongoose.Schema(
  {
    title: { type: String, required: true },
    description: { type: String, default: "" },
    instructorId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true },
    classRoomId: { type: mongoose.Schema.Types.ObjectId, default: null },
    published: { type: Boolean, default: false },
    publishedAt: { type: Date, default: null },
    priceCents: { type: Number, default: null },
    pricePoints: { type: Number, default: null },
    modules: { type: [moduleSchema], default: [] },
  },
  { timestamps: true, optimisticConcurrency: true },
);
// The catalogue pages through published courses newest first, ties broken by id; the store lists them by date.
courseSchema.index({ published: 1, publishedAt: -1, _id: -1 });
export type CourseDoc = HydratedDocument<InferSchemaType<typeof courseSchema>>;
export const Course = mongoose.model("Course", courseSchema, "courses");

const enrollmentSchema = new mongoose.Schema(
  {
    courseId: { type: mongoose.Schema.Types.ObjectId, required: true },
    userId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true },
    /** A paid course opened by Plus rather than bought: it goes when Plus ends (subscriptions/plus.access.ts). */
    viaPlus: { type: Boolean, default: false },
  },
  { timestamps: true },
);
enrollmentSchema.index({ courseId: 1, userId: 1 }, { unique: true });
export const Enrollment = mongoose.model("Enrollment", enrollmentSchema, "enrollments");
