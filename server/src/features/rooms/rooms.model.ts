import { ROOM_KINDS, type RoomKind } from "@chalkline/shared";
import mongoose, { type HydratedDocument, type InferSchemaType, type Query } from "mongoose";
import { announceRoomChange, changeOfQuery, type RoomChange } from "./rooms.changes";

const WRITES: mongoose.MongooseQueryMiddleware[] = [
  "updateOne",
  "updateMany",
  "findOneAndUpdate",
  "deleteOne",
  "deleteMany",
  "replaceOne",
];

/** Every write through these models is announced, so the access cache drops what it changed. */
function announceWrites(schema: mongoose.Schema, changeOfDoc: (doc: Record<string, unknown>) => RoomChange): void {
  schema.post(WRITES, function (this: Query<unknown, unknown>, result: unknown) {
    const change = changeOfQuery(this, result);
    if (change) announceRoomChange(change);
  });
  schema.post("save", (doc: Record<string, unknown>) => announceRoomChange(changeOfDoc(doc)));
  schema.post("insertMany", function (this: unknown, docs: unknown) {
    for (const doc of docs as Array<Record<string, unknown>>) announceRoomChange(changeOfDoc(doc));
  });
}

const roomSchema = new mongoose.Schema(
  {
    kind: { type: String, enum: ROOM_KINDS, required: true },
    /** Unique per room: "lobby", "class:<courseId>", "study:<code>", "dm:<userA>:<userB>" (ids sorted). */
    key: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    courseId: { type: mongoose.Schema.Types.ObjectId, default: null },
    /** A breakout's class room: its live class is the breakout's too (media, attendance). */
    parentRoomId: { type: mongoose.Schema.Types.ObjectId, default: null },
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

announceWrites(roomSchema, (doc) => ({ roomId: String(doc._id) }));

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
// A room's hosts, read whenever someone asks for its live state: without it, every member is read.
roomMemberSchema.index({ roomId: 1, moderator: 1 });
announceWrites(roomMemberSchema, (doc) => ({ roomId: String(doc.roomId), userId: String(doc.userId) }));

export type RoomMemberRecord = InferSchemaType<typeof roomMemberSchema>;
export type RoomMemberDoc = HydratedDocument<RoomMemberRecord>;
export const RoomMember = mongoose.model("RoomMember", roomMemberSchema, "roomMembers");
