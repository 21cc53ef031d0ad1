import type { Role } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { RoomAccessCache } from "./rooms.cache";
import { Room, type RoomDoc, RoomMember, type RoomMemberDoc } from "./rooms.model";

export interface Actor {
  id: string;
  displayName: string;
  role: Role;
}

/** What a user may do in a room, read fresh for every command. */
export interface RoomAccess {
  room: RoomDoc;
  /** Null in the lobby for users who never read it, and for admins visiting. */
  member: RoomMemberDoc | null;
  canModerate: boolean;
}

/** Where rooms and memberships are read from: this node's cache once the server has one. */
let source: Pick<RoomAccessCache, "room" | "member"> = {
  room: (roomId) => Room.findById(roomId),
  member: (roomId, userId) => RoomMember.findOne({ roomId, userId }),
};

/** The server reads access through its cache; scripts and tests without one read the database. */
export function readAccessThrough(cache: RoomAccessCache): void {
  source = cache;
}

/**
 * Resolves a room and the actor's standing in it, or throws `not_found` / `forbidden`.
 * The lobby is open to everyone; class, study and direct rooms need a membership that was not
 * revoked. Admins may enter and moderate class and study rooms, never others' direct messages.
 */
export async function roomAccess(roomId: string, actor: Actor): Promise<RoomAccess> {
  const [room, member] = await Promise.all([source.room(roomId), source.member(roomId, actor.id)]);
  if (!room) throw new AppError("not_found", "no such room");
  if (member?.removedAt) throw new AppError("forbidden", "you were removed from this room");
  const isAdmin = actor.role === "admin";
  switch (room.kind) {
    case "lobby":
      return { room, member, canModerate: isAdmin };
    case "class":
    case "study":
    case "breakout":
      if (!member && !isAdmin) throw new AppError("forbidden", "you are not a member of this room");
      return { room, member, canModerate: isAdmin || member?.moderator === true };
    case "dm":
      if (!member) throw new AppError("forbidden", "you are not part of this conversation");
      return { room, member, canModerate: false };
    default:
      throw new AppError("internal", `unknown room kind ${String(room.kind)}`);
  }
}

export async function requireModerator(roomId: string, actor: Actor): Promise<RoomAccess> {
  const access = await roomAccess(roomId, actor);
  if (!access.canModerate) throw new AppError("forbidden", "only moderators can do this");
  return access;
}

/** The room's moderators (its instructors, or a study room's owner): who hears what only hosts see. */
export async function moderatorIds(roomId: string): Promise<string[]> {
  const members = await RoomMember.find({ roomId, moderator: true, removedAt: null }, { userId: 1 });
  return members.map((m) => String(m.userId));
}

/** Rooms whose pushes a user receives: every live membership, and the lobby. */
export async function memberRoomIds(userId: string): Promise<string[]> {
  const members = await RoomMember.find({ userId, removedAt: null }, { roomId: 1 });
  return members.map((m) => String(m.roomId));
}
