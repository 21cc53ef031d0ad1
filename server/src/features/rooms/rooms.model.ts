import { ROOM_KINDS, type RoomKind } from "@chalkline/shared";
import mongoose, { type HydratedDocument, type InferSchemaType } from "mongoose";

const roomSchema = new mongoose.Schema(
  {
    kind: { type: String, enum: ROOM_KINDS, required: true },
    /** Unique per room: "lobby", "class:<courseId>", "study:<code>", "dm:<userA>:<userB>" (ids sorted). */
    key: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    courseId: { type: mongoose.Schema.Types.ObjectId, default: null },
    ownerId: { type: mongoose.Schema.Types.ObjectId, default: null },
    memberLimit: { type: Number, default: null },
    /** Every room has one so the index stays unique without sparse indexes; only study rooms honour it. */
    inviteCode: { type: String, required: true, unique: true },
    locked: { type: Boolean, default: false },
    slowModeSeconds: { type: Number, default: 0 },
    /** Highest stored message seq; raised with $max after each insert, read for unread counts. */
    lastSeq: { type: Number, default: 0 },
  },
  { timestamps: true },
);

export type RoomRecord = InferSchemaType<typeof roomSchema> & { kind: RoomKind };
export type RoomDoc = HydratedDocument<RoomRecord>;
export const Room = mongoose.model("Room", roomSchema, "rooms");

const roomMemberSchema = new mongoose.Schema(
  {
    roomId: { type: mongoose.Schema.Types.ObjectId, required: true },
    userId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true },
    moderator: { type: Boolean, default: false },
    mutedUntil: { type: Date, default: null },
    removedAt: { type: Date, default: null },
    lastReadSeq: { type: Number, default: 0 },
  },
  { timestamps: true },
);
roomMemberSchema.index({ roomId: 1, userId: 1 }, { unique: true });

export type RoomMemberRecord = InferSchemaType<typeof roomMemberSchema>;
export type RoomMemberDoc = HydratedDocument<RoomMemberRecord>;
export const RoomMember = mongoose.model("RoomMember", roomMemberSchema, "roomMembers");
