import { randomBytes } from "node:crypto";
import type { RoomDetails, RoomKind, RoomView, UserRef } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import { type Actor, roomAccess } from "./rooms.access";
import { Room, type RoomDoc, RoomMember } from "./rooms.model";
import { releaseSeat, takeSeat } from "./rooms.seats";
import { toMemberViews, toRoomView, userRefs } from "./rooms.view";

/** Short, unambiguous invite codes (no 0/O, 1/l). */
function newInviteCode(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join("");
}

/** Creates a room, or returns the existing one with the same key when two callers race. */
export async function upsertRoom(fields: {
  key: string;
  kind: RoomKind;
  name: string;
  courseId?: string;
  parentRoomId?: string;
}) {
  const existing = await Room.findOne({ key: fields.key });
  if (existing) return existing;
  try {
    return await Room.create({ ...fields, inviteCode: newInviteCode() });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const winner = await Room.findOne({ key: fields.key });
    if (!winner) throw error;
    return winner;
  }
}

/**
 * Adds a membership; re-adding a live member is a no-op, and a removed one stays removed. The read
 * marker starts at the room's newest message: unread counts what arrives after joining, not the
 * room's whole history.
 */
export async function addMember(roomId: string, userId: string, moderator = false): Promise<void> {
  const lastReadSeq = (await Room.findById(roomId, { lastSeq: 1 }))?.lastSeq ?? 0;
  await RoomMember.updateOne(
    { roomId, userId },
    { $setOnInsert: { roomId, userId, moderator, lastReadSeq, removedAt: null, mutedUntil: null } },
    { upsert: true },
  ).catch((error: unknown) => {
    if (!isDuplicateKey(error)) throw error;
  });
}

export function ensureLobby(): Promise<RoomDoc> {
  return upsertRoom({ key: "lobby", kind: "lobby", name: "Lobby" });
}

export function createClassRoom(courseId: string, title: string): Promise<RoomDoc> {
  return upsertRoom({ key: `class:${courseId}`, kind: "class", name: title, courseId });
}

/** Rooms as the user sees them: lobby, class, study and direct rooms. */
export async function listRooms(actor: Actor): Promise<RoomView[]> {
  const lobby = await ensureLobby();
  const members = await RoomMember.find({ userId: actor.id, removedAt: null });
  const rooms = await Room.find({ _id: { $in: members.map((m) => m.roomId) } });
  const memberByRoom = new Map(members.map((m) => [String(m.roomId), m]));
  const peers = await dmPeers(rooms, actor.id);
  const views = rooms
    // A breakout room is reached through its class, not listed beside it.
    .filter((r) => r.id !== lobby.id && r.kind !== "breakout")
    .map((room) => {
      const member = memberByRoom.get(room.id) ?? null;
      const canModerate = member?.moderator === true || (actor.role === "admin" && room.kind !== "dm");
      return toRoomView(room, member, { canModerate, peer: peers.get(room.id) ?? null });
    });
  const lobbyView = toRoomView(lobby, memberByRoom.get(lobby.id) ?? null, { canModerate: actor.role === "admin" });
  const order = { lobby: 0, class: 1, study: 2, dm: 3, breakout: 4 } as const;
  return [lobbyView, ...views].sort((a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name));
}

export async function roomDetails(roomId: string, actor: Actor): Promise<RoomDetails> {
  const { room, member, canModerate } = await roomAccess(roomId, actor);
  const members = room.kind === "lobby" ? [] : await RoomMember.find({ roomId, removedAt: null }).limit(500);
  const refs = await userRefs(members.map((m) => String(m.userId)));
  const peer = room.kind === "dm" ? ([...refs.values()].find((u) => u.id !== actor.id) ?? null) : null;
  return { room: toRoomView(room, member, { canModerate, peer }), members: toMemberViews(members, refs) };
}

export async function createStudyRoom(
  actor: Actor,
  body: { name: string; memberLimit: number; courseId?: string | undefined },
): Promise<RoomView> {
  if (body.courseId) {
    const classRoom = await Room.findOne({ key: `class:${body.courseId}` });
    if (!classRoom) throw new AppError("not_found", "no such course");
    await roomAccess(classRoom.id, actor);
  }
  const code = newInviteCode();
  const room = await Room.create({
    key: `study:${code}`,
    kind: "study",
    name: body.name,
    courseId: body.courseId ?? null,
    ownerId: actor.id,
    memberLimit: body.memberLimit,
    inviteCode: code,
  });
  await takeSeat(room.id, actor.id, body.memberLimit);
  await addMember(room.id, actor.id, true);
  return (await roomDetails(room.id, actor)).room;
}

export async function joinByCode(actor: Actor, code: string): Promise<RoomView> {
  const room = await Room.findOne({ inviteCode: code.toLowerCase(), kind: "study" });
  if (!room) throw new AppError("not_found", "no study room has this invite code");
  const member = await RoomMember.findOne({ roomId: room.id, userId: actor.id });
  if (member?.removedAt) throw new AppError("forbidden", "you were removed from this room");
  if (!member) {
    if (room.locked) throw new AppError("room_locked", "this room is locked to new members");
    if (typeof room.memberLimit === "number") await takeSeat(room.id, actor.id, room.memberLimit);
    await addMember(room.id, actor.id);
  }
  return (await roomDetails(room.id, actor)).room;
}

/**
 * Ends the actor's membership of a study room, which they may join again by its code. Quitting a
 * room one is no longer in succeeds and changes nothing, so a retried quit is answered like the
 * first (and a removed member stays removed).
 */
export async function quitStudyRoom(actor: Actor, roomId: string): Promise<RoomDoc> {
  const room = await Room.findById(roomId);
  if (!room) throw new AppError("not_found", "no such room");
  if (room.kind !== "study") throw new AppError("forbidden", "only study rooms can be left");
  if (String(room.ownerId) === actor.id) throw new AppError("forbidden", "the owner cannot leave their study room");
  await RoomMember.deleteOne({ roomId, userId: actor.id, removedAt: null });
  await releaseSeat(roomId, actor.id);
  return room;
}

export async function openDirectRoom(actor: Actor, peerId: string): Promise<RoomView> {
  if (peerId === actor.id) throw new AppError("invalid_payload", "a direct conversation needs someone else");
  const peer = (await userRefs([peerId])).get(peerId);
  if (!peer) throw new AppError("not_found", "no such user");
  const [a, b] = [actor.id, peerId].sort();
  const room = await upsertRoom({ key: `dm:${a}:${b}`, kind: "dm", name: "Direct messages" });
  await Promise.all([addMember(room.id, actor.id), addMember(room.id, peerId)]);
  return (await roomDetails(room.id, actor)).room;
}

async function dmPeers(rooms: RoomDoc[], selfId: string): Promise<Map<string, UserRef>> {
  const dms = rooms.filter((r) => r.kind === "dm");
  const peerIdByRoom = new Map(
    dms.map((r) => [
      r.id,
      r.key
        .split(":")
        .slice(1)
        .find((id) => id !== selfId) ?? selfId,
    ]),
  );
  const refs = await userRefs(peerIdByRoom.values());
  return new Map(
    [...peerIdByRoom].flatMap(([roomId, peerId]) => (refs.has(peerId) ? [[roomId, refs.get(peerId)!]] : [])),
  );
}
