import { type RoomJoined, type RoomKind, roomRefSchema, rooms, type UserRef } from "@chalkline/shared";
import type { AppServer, AppSocket, CommandContext } from "../../platform/realtime";
import { commandRegistrar } from "../../platform/realtime";
import type { HandsService } from "../hands/hands.service";
import type { PresenceService } from "../presence/presence.service";
import { type Actor, memberRoomIds, roomAccess } from "./rooms.access";
import type { RoomEvictions } from "./rooms.evictions";
import { Room } from "./rooms.model";
import { ensureLobby, quitStudyRoom, roomDetails } from "./rooms.service";
import { userRefs } from "./rooms.view";

export function socketActor(socket: AppSocket): Actor {
  return { id: socket.data.userId, displayName: socket.data.displayName, role: socket.data.role };
}

export function socketRoomOf(room: { kind: RoomKind; id: string }): string {
  return rooms.room(room.kind, room.id);
}

/** Announces that a user left a room (last socket gone, or a dead node's entry expired). */
export async function announceLeft(io: AppServer, roomId: string, userId: string): Promise<void> {
  const [room, refs] = await Promise.all([Room.findById(roomId, { kind: 1 }), userRefs([userId])]);
  const user = refs.get(userId);
  if (room && user) io.to(socketRoomOf(room)).emit("presence:left", { roomId, user });
}

/**
 * Takes every socket of the user, on every node, out of the room at once, ends everything else
 * they hold there (live media, the live quiz, the room's boards and documents) and their presence,
 * tells them why, and tells the room they are no longer a member.
 */
export async function evictUser(
  io: AppServer,
  deps: { presence: PresenceService; evictions: RoomEvictions },
  room: { kind: RoomKind; id: string },
  userId: string,
  reason: "removed" | "quit",
): Promise<void> {
  const { presence, evictions } = deps;
  const userRoom = rooms.user(userId);
  const sockets = await io.in(userRoom).fetchSockets();
  io.in(userRoom).socketsLeave(socketRoomOf(room));
  await evictions.evict({ roomId: room.id, userId, reason });
  io.to(userRoom).emit("room:removed", { roomId: room.id, reason });
  let wasPresent = false;
  for (const s of sockets) wasPresent = (await presence.leave(room.id, s.id, userId)).lastForUser || wasPresent;
  if (wasPresent) await announceLeft(io, room.id, userId);
  io.to(socketRoomOf(room)).emit("room:member-removed", { roomId: room.id, userId });
}

/**
 * Room commands on a socket: `room:join` checks membership against the database every time and
 * marks the user present in the room they are looking at; `room:leave` and disconnecting end that.
 */
export function roomHandlers(
  io: AppServer,
  socket: AppSocket,
  ctx: CommandContext & { presence: PresenceService; hands: HandsService; evictions: RoomEvictions },
): void {
  const { presence, hands } = ctx;
  const command = commandRegistrar(ctx);
  const actor = socketActor(socket);

  command("room:join", roomRefSchema, async ({ roomId }): Promise<RoomJoined> => {
    const access = await roomAccess(roomId, socketActor(socket));
    const room = socketRoomOf(access.room);
    await socket.join(room);
    const { firstForUser } = await presence.join(roomId, socket.id, actor.id);
    const self: UserRef = { id: actor.id, displayName: actor.displayName, role: socket.data.role };
    if (firstForUser) socket.to(room).emit("presence:joined", { roomId, user: self });
    const [details, onlineIds, queue] = await Promise.all([
      roomDetails(roomId, socketActor(socket)),
      presence.onlineUserIds(roomId),
      hands.queue(roomId),
    ]);
    const refs = await userRefs(onlineIds);
    const online = onlineIds.flatMap((id) => (refs.has(id) ? [refs.get(id)!] : []));
    return { ...details, online, hands: queue };
  });

  command("room:leave", roomRefSchema, async ({ roomId }) => {
    const { lastForUser } = await presence.leave(roomId, socket.id, actor.id);
    if (lastForUser) await announceLeft(io, roomId, actor.id);
    return null;
  });

  command("room:quit", roomRefSchema, async ({ roomId }) => {
    const room = await quitStudyRoom(actor, roomId);
    await evictUser(io, ctx, room, actor.id, "quit");
    return null;
  });

  socket.on("disconnect", () => {
    presence
      .leaveAll(socket.id, actor.id)
      .then((rooms) => Promise.all(rooms.map((roomId) => announceLeft(io, roomId, actor.id))))
      .catch((error: unknown) => ctx.logger.error({ err: error }, "presence cleanup failed"));
  });
}

/** Subscribes a new socket to every room its user belongs to, so their pushes and unread counts arrive. */
export async function subscribeMemberRooms(socket: AppSocket, userId: string): Promise<void> {
  const [lobby, ids] = await Promise.all([ensureLobby(), memberRoomIds(userId)]);
  const memberRooms = await Room.find({ _id: { $in: ids } }, { kind: 1 });
  await socket.join([socketRoomOf(lobby), ...memberRooms.map(socketRoomOf)]);
}
