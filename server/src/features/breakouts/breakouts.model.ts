import { BREAKOUT_STATUSES, CODE_LANGUAGES } from "@chalkline/shared";
import mongoose, { type HydratedDocument, type InferSchemaType } from "mongoose";

const breakoutRoomSchema = new mongoose.Schema(
  {
    /** `r1`, `r2`…: names the room within its session from planning on. */
    key: { type: String, required: true },
    name: { type: String, required: true },
    /** The room (kind `breakout`) and its two documents, once the breakouts started. */
    roomId: { type: mongoose.Schema.Types.ObjectId, default: null },
    codeDocId: { type: mongoose.Schema.Types.ObjectId, default: null },
    boardDocId: { type: mongoose.Schema.Types.ObjectId, default: null },
  },
  { _id: false },
);

/** One round of breakouts of a live class: planned, running until its deadline, then harvested. */
const breakoutSessionSchema = new mongoose.Schema(
  {
    liveClassId: { type: mongoose.Schema.Types.ObjectId, required: true },
    mainRoomId: { type: mongoose.Schema.Types.ObjectId, required: true },
    courseId: { type: mongoose.Schema.Types.ObjectId, default: null },
    status: { type: String, enum: BREAKOUT_STATUSES, default: "planned" },
    /**
     * The live class's id until the session ends, its own id after: the unique index lets a class
     * have one open session, so two plans or starts at once on two nodes make one.
     */
    activeKey: { type: String, required: true },
    learnersChoose: { type: Boolean, default: false },
    template: {
      code: {
        name: { type: String, required: true },
        language: { type: String, enum: CODE_LANGUAGES, required: true },
        text: { type: String, default: "" },
      },
      board: { type: String, enum: ["empty", "main"], default: "empty" },
    },
    rooms: { type: [breakoutRoomSchema], default: [] },
    /** Learner id → room key: the plan, kept in step with the rooms' memberships. */
    assignments: { type: Map, of: String, default: {} },
    startedAt: { type: Date, default: null },
    /** The deadline: every node's sweep ends the session once it passes, whichever node started it. */
    endsAt: { type: Date, default: null },
    /** While ending, the node ending it holds it until then; a node that died lets another take over. */
    endingUntil: { type: Date, default: null },
    endedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
breakoutSessionSchema.index({ activeKey: 1 }, { unique: true });
breakoutSessionSchema.index({ liveClassId: 1, createdAt: -1 });
breakoutSessionSchema.index({ status: 1, endsAt: 1 });
export type BreakoutSessionDoc = HydratedDocument<InferSchemaType<typeof breakoutSessionSchema>>;
export const BreakoutSession = mongoose.model("BreakoutSession", breakoutSessionSchema, "breakoutSessions");

/**
 * What one breakout room left behind, keyed `<sessionId>:<roomKey>`: harvesting twice (a node that
 * died while ending, then another) writes the same document again, never a second one.
 */
const breakoutSnapshotSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    sessionId: { type: mongoose.Schema.Types.ObjectId, required: true },
    liveClassId: { type: mongoose.Schema.Types.ObjectId, required: true },
    roomId: { type: mongoose.Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    memberIds: { type: [String], default: [] },
    code: {
      name: { type: String, required: true },
      language: { type: String, required: true },
      text: { type: String, default: "" },
    },
    /** The board's shapes as stored in the document (see `shapeSchema`). */
    shapes: { type: [mongoose.Schema.Types.Mixed], default: [] },
    chat: {
      type: [
        {
          _id: false,
          seq: Number,
          authorId: String,
          authorName: String,
          text: String,
          at: Date,
        },
      ],
      default: [],
    },
    harvestedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
breakoutSnapshotSchema.index({ liveClassId: 1, harvestedAt: 1 });
export const BreakoutSnapshotRecord = mongoose.model("BreakoutSnapshot", breakoutSnapshotSchema, "breakoutSnapshots");
/** A snapshot's fields, as both a hydrated document and a projection of one carry them. */
export type BreakoutSnapshotFields = InferSchemaType<typeof breakoutSnapshotSchema>;

/** Groups an instructor saved for a course, to plan the next class's breakouts from. */
const groupSetSchema = new mongoose.Schema(
  {
    roomId: { type: mongoose.Schema.Types.ObjectId, required: true },
    courseId: { type: mongoose.Schema.Types.ObjectId, default: null },
    name: { type: String, required: true },
    groups: { type: [{ _id: false, name: String, memberIds: [String] }], default: [] },
    createdById: { type: mongoose.Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);
groupSetSchema.index({ roomId: 1, createdAt: -1 });
export type GroupSetDoc = HydratedDocument<InferSchemaType<typeof groupSetSchema>>;
export const GroupSet = mongoose.model("GroupSet", groupSetSchema, "groupSets");
