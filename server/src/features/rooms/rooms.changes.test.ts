import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { changeOfQuery } from "./rooms.changes";
import { Room, RoomMember } from "./rooms.model";

const roomId = new mongoose.Types.ObjectId();
const userId = new mongoose.Types.ObjectId();
const upserted = (count: number) => ({ upsertedCount: count });

describe("which cached access a write changes", () => {
  it("names the membership a filter names, by string or ObjectId", () => {
    const query = RoomMember.updateOne({ roomId, userId: String(userId) }, { $set: { mutedUntil: new Date() } });
    expect(changeOfQuery(query, upserted(0))).toEqual({ roomId: String(roomId), userId: String(userId) });
  });

  it("names a room by its _id, and everything when a filter names neither", () => {
    expect(changeOfQuery(Room.updateOne({ _id: roomId }, { $set: { locked: true } }), upserted(0))).toEqual({
      roomId: String(roomId),
    });
    expect(changeOfQuery(RoomMember.updateMany({ removedAt: null }, { $set: { moderator: false } }), null)).toEqual({});
  });

  it("ignores counters, and an upsert's $setOnInsert only when nothing was inserted", () => {
    const read = () =>
      RoomMember.updateOne(
        { roomId, userId },
        { $max: { lastReadSeq: 4 }, $setOnInsert: { moderator: false, removedAt: null } },
        { upsert: true },
      );
    expect(changeOfQuery(read(), upserted(0))).toBeNull();
    expect(changeOfQuery(read(), upserted(1))).toEqual({ roomId: String(roomId), userId: String(userId) });
    expect(changeOfQuery(Room.updateOne({ _id: roomId }, { $max: { lastSeq: 9 } }), upserted(0))).toBeNull();
  });

  it("treats a deletion as a change", () => {
    expect(changeOfQuery(RoomMember.deleteOne({ roomId, userId }), { deletedCount: 1 })).toEqual({
      roomId: String(roomId),
      userId: String(userId),
    });
  });
});
