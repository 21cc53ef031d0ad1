import mongoose, { type HydratedDocument, type InferSchemaType } from "mongoose";

/** The smallest course: enough for class rooms and enrolments; lessons and progress come later. */
const courseSchema = new mongoose.Schema(
  {
    title: { type: String, required: true },
    description: { type: String, default: "" },
    instructorId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true },
    classRoomId: { type: mongoose.Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
);
export type CourseDoc = HydratedDocument<InferSchemaType<typeof courseSchema>>;
export const Course = mongoose.model("Course", courseSchema, "courses");

const enrollmentSchema = new mongoose.Schema(
  {
    courseId: { type: mongoose.Schema.Types.ObjectId, required: true },
    userId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true },
  },
  { timestamps: true },
);
enrollmentSchema.index({ courseId: 1, userId: 1 }, { unique: true });
export const Enrollment = mongoose.model("Enrollment", enrollmentSchema, "enrollments");
