import mongoose, { type InferSchemaType } from "mongoose";

const { ObjectId } = mongoose.Schema.Types;

const subjectSchema = new mongoose.Schema(
  {
    _id: { type: ObjectId, required: true },
    name: { type: String, required: true },
    weeklyGoalMinutes: { type: Number, required: true },
  },
  { _id: false },
);
const slotSchema = new mongoose.Schema(
  {
    _id: { type: ObjectId, required: true },
    subjectId: { type: ObjectId, required: true },
    weekday: { type: Number, required: true },
    startMinute: { type: Number, required: true },
    durationMinutes: { type: Number, required: true },
  },
  { _id: false },
);
const settingsSchema = new mongoose.Schema(
  { focusSeconds: Number, breakSeconds: Number, longBreakSeconds: Number, longBreakEvery: Number },
  { _id: false },
);

/**
 * A learner's whole plan in one document (`_id` is the learner's id): own subjects, goals of
 * enrolled courses (by course id), weekly slots and timer lengths. Every change is one atomic
 * update of one document, and reading a plan is one `_id` lookup.
 */
const studyPlanSchema = new mongoose.Schema(
  {
    _id: { type: ObjectId, required: true },
    subjects: { type: [subjectSchema], default: [] },
    courseGoals: { type: Map, of: Number, default: () => new Map() },
    slots: { type: [slotSchema], default: [] },
    settings: { type: settingsSchema, default: null },
  },
  { versionKey: false, timestamps: true },
);
export type StudyPlanDoc = InferSchemaType<typeof studyPlanSchema>;
export const StudyPlan = mongoose.model("StudyPlan", studyPlanSchema, "studyPlans");

/** One finished focus session, stored once under the id it was started with. */
const focusSessionSchema = new mongoose.Schema(
  {
    _id: { type: ObjectId, required: true },
    userId: { type: ObjectId, required: true, index: true },
    subjectId: { type: ObjectId, required: true },
    roomId: { type: ObjectId, default: null },
    startedAt: { type: Date, required: true },
    endedAt: { type: Date, required: true },
    focusedMs: { type: Number, required: true },
    minutes: { type: Number, required: true },
    creditedMinutes: { type: Number, required: true },
    day: { type: String, required: true },
  },
  { versionKey: false },
);
export type FocusSessionDoc = InferSchemaType<typeof focusSessionSchema> & { _id: mongoose.Types.ObjectId };
export const FocusSession = mongoose.model("FocusSession", focusSessionSchema, "focusSessions");

/**
 * A learner's study on one local day (`_id` "<userId>:<day>"), updated as each session ends; every
 * chart and rule reads these small documents, never the sessions. `sessionIds` makes the update
 * idempotent: a session already counted is not counted again.
 */
const studyDaySchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    userId: { type: ObjectId, required: true, index: true },
    day: { type: String, required: true },
    week: { type: String, required: true },
    minutes: { type: Number, default: 0 },
    creditedMinutes: { type: Number, default: 0 },
    sessions: { type: Number, default: 0 },
    /** Minutes per subject id. */
    bySubject: { type: Map, of: Number, default: () => new Map() },
    /** Minutes per local starting hour ("0".."23"): the learner's usual study time. */
    byHour: { type: Map, of: Number, default: () => new Map() },
    sessionIds: { type: [String], default: [] },
  },
  { versionKey: false },
);
export type StudyDayDoc = InferSchemaType<typeof studyDaySchema>;
export const StudyDay = mongoose.model("StudyDay", studyDaySchema, "studyDays");
export const studyDayId = (userId: string, day: string) => `${userId}:${day}`;

/** One reflection, stored once per session or per missed slot and day (`_id` says which). */
const reflectionSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    userId: { type: ObjectId, required: true, index: true },
    kind: { type: String, enum: ["session", "missed_slot"], required: true },
    day: { type: String, required: true },
    sessionId: { type: String, default: null },
    slotId: { type: String, default: null },
    mood: { type: Number, default: null },
    reason: { type: String, default: null },
    wentWell: { type: String, default: null },
    gotInTheWay: { type: String, default: null },
    note: { type: String, default: null },
    shared: { type: Boolean, default: false },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
export type ReflectionDoc = InferSchemaType<typeof reflectionSchema> & { _id: string; createdAt: Date };
export const Reflection = mongoose.model("StudyReflection", reflectionSchema, "studyReflections");

/** An alert a viewer dismissed (`_id` "<viewerId>:<alertId>"); alert ids are stable, so it stays hidden. */
const alertDismissalSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    viewerId: { type: ObjectId, required: true, index: true },
    alertId: { type: String, required: true },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
export const AlertDismissal = mongoose.model("StudyAlertDismissal", alertDismissalSchema, "studyAlertDismissals");

/**
 * An alert told to one viewer as a notification (`_id` "<viewerId>:<alertId>"): the insert is the
 * claim, so of every node, trigger and sweep exactly one sends it.
 */
const alertNoticeSchema = new mongoose.Schema(
  { _id: { type: String, required: true } },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
export const AlertNotice = mongoose.model("StudyAlertNotice", alertNoticeSchema, "studyAlertNotices");
