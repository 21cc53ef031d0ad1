import mongoose from "mongoose";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import { RoomMember } from "./rooms.model";

/**
 * A study room's member limit, kept without an atomic count-and-insert (FerretDB's conditional
 * updates are a read then a write): every member holds one numbered seat, `_id` "<roomId>:<n>" for
 * n up to the limit, claimed by insert. A seat is never inserted twice and a (room, user) pair holds
 * one seat at most, so however many join at once, the room never seats more than its limit.
 */
const roomSeatSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    roomId: { type: mongoose.Schema.Types.ObjectId, required: true },
    userId: { type: mongoose.Schema.Types.ObjectId, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
roomSeatSchema.index({ roomId: 1, userId: 1 }, { unique: true });
const RoomSeat = mongoose.model("RoomSeat", roomSeatSchema, "roomSeats");

/** A seat whose holder never became a member (their join died between the two writes) is freed after this. */
const ABANDONED_SEAT_MS = 60_000;

/** Seats `userId` in the room, or keeps the seat they hold; `room_full` when every seat is taken. */
export async function takeSeat(roomId: string, userId: string, limit: number): Promise<void> {
  await seatEarlierMembers(roomId, limit);
  if (await claimSeat(roomId, userId, limit)) return;
  if ((await freeAbandonedSeats(roomId)) > 0 && (await claimSeat(roomId, userId, limit))) return;
  throw new AppError("room_full", `this room is full (${limit} members)`);
}

/** The lowest free seat for `userId`, or the one they hold; false when none is free. */
async function claimSeat(roomId: string, userId: string, limit: number): Promise<boolean> {
  for (let n = 1; n <= limit; n++) {
    try {
      await RoomSeat.create({ _id: `${roomId}:${n}`, roomId, userId });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    if (await RoomSeat.exists({ roomId, userId })) return true;
  }
  return false;
}

/**
 * A room whose members joined before seats were kept has none: they take theirs first, so that a
 * newcomer counts after them. Seating a member twice is a no-op, so concurrent joins may all do it.
 */
async function seatEarlierMembers(roomId: string, limit: number): Promise<void> {
  if (await RoomSeat.exists({ roomId })) return;
  const members = await RoomMember.find({ roomId, removedAt: null }, { userId: 1 }).lean();
  for (const member of members) await claimSeat(roomId, String(member.userId), limit);
}

/** Frees the seat of a member who was removed, so someone else can join. */
export async function releaseSeat(roomId: string, userId: string): Promise<void> {
  await RoomSeat.deleteOne({ roomId, userId });
}

async function freeAbandonedSeats(roomId: string): Promise<number> {
  const seats = await RoomSeat.find({ roomId, createdAt: { $lt: new Date(Date.now() - ABANDONED_SEAT_MS) } }).lean();
  const members = await RoomMember.find({ roomId, removedAt: null }, { userId: 1 }).lean();
  const seated = new Set(members.map((m) => String(m.userId)));
  const abandoned = seats.filter((seat) => !seated.has(String(seat.userId)));
  if (abandoned.length > 0) await RoomSeat.deleteMany({ _id: { $in: abandoned.map((seat) => seat._id) } });
  return abandoned.length;
}
