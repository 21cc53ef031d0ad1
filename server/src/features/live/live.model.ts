import { LIVE_CLASS_STATUSES } from "@chalkline/shared";
import mongoose, { type HydratedDocument, type InferSchemaType } from "mongoose";

/** A class session of a class room: scheduled, then started and ended by the instructor. */
const liveClassSchema = new mongoose.Schema(
  {
    roomId: { type: mongoose.Schema.Types.ObjectId, required: true },
    courseId: { type: mongoose.Schema.Types.ObjectId, default: null },
    title: { type: String, required: true },
    scheduledAt: { type: Date, required: true },
    durationMinutes: { type: Number, required: true },
    status: { type: String, enum: LIVE_CLASS_STATUSES, default: "scheduled" },
    startedAt: { type: Date, default: null },
    endedAt: { type: Date, default: null },
    /**
     * The room id while the class is live, its own id otherwise: the unique index then lets one
     * class per room be live, and two instructors starting at once get `conflict`, not two classes.
     */
    activeKey: { type: String, required: true },
  },
  { timestamps: true },
);
liveClassSchema.index({ activeKey: 1 }, { unique: true });
// A room's classes newest first; its next scheduled one.
liveClassSchema.index({ roomId: 1, scheduledAt: -1, _id: -1 });
liveClassSchema.index({ roomId: 1, status: 1, scheduledAt: 1 });
export type LiveClassDoc = HydratedDocument<InferSchemaType<typeof liveClassSchema>>;
export const LiveClass = mongoose.model("LiveClass", liveClassSchema, "liveClasses");

/** One stretch of one socket in a live class's media; a user's stretches may overlap (two tabs). */
const attendanceIntervalSchema = new mongoose.Schema({
  liveClassId: { type: mongoose.Schema.Types.ObjectId, required: true },
  userId: { type: mongoose.Schema.Types.ObjectId, required: true },
  socketId: { type: String, required: true },
  joinedAt: { type: Date, required: true },
  /** Null while the socket is in the class; an interval left open by a crashed node ends with the class. */
  leftAt: { type: Date, default: null },
});
attendanceIntervalSchema.index({ liveClassId: 1, socketId: 1, leftAt: 1 });
// A class's attendance in order of joining; a learner's latest stretches (the guardian's overview).
attendanceIntervalSchema.index({ liveClassId: 1, joinedAt: 1 });
attendanceIntervalSchema.index({ userId: 1, joinedAt: -1 });
export type AttendanceIntervalDoc = HydratedDocument<InferSchemaType<typeof attendanceIntervalSchema>>;
export const AttendanceInterval = mongoose.model("AttendanceInterval", attendanceIntervalSchema, "attendanceIntervals");

/**
 * A notice about a class sent to its learners (the reminder before it, "class started"), keyed
 * `<liveClassId>:<kind>`: the unique `_id` lets exactly one node, once, send each, across restarts.
 */
const classNoticeSchema = new mongoose.Schema(
  { _id: { type: String, required: true } },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
export const ClassNotice = mongoose.model("ClassNotice", classNoticeSchema, "classNotices");
