import type { MediaClient } from "@chalkline/media";
import { rooms } from "@chalkline/shared";
import type { AppServer } from "../../platform/realtime";
import { mediaCall } from "../live/live.media";
import type { PresenceService } from "../presence/presence.service";
import type { RoomEvictions } from "../rooms/rooms.evictions";
import { evictUser, socketRoomOf } from "../rooms/rooms.socket";
import type { BreakoutPush } from "./breakouts.service";

const breakoutRoom = (roomId: string) => socketRoomOf({ kind: "breakout", id: roomId });

/**
 * The breakouts' pushes over Socket.IO. Leaving a room is the rooms feature's eviction: the
 * learner's sockets on every node leave its chat and media, their documents close, they are told.
 */
export function breakoutPush(
  io: AppServer,
  deps: { presence: PresenceService; evictions: RoomEvictions; media: MediaClient },
): BreakoutPush {
  return {
    updated: (view) => io.to(socketRoomOf({ kind: "class", id: view.roomId })).emit("breakout:updated", view),
    subscribe: (userIds, roomId) => {
      for (const userId of userIds) io.in(rooms.user(userId)).socketsJoin(breakoutRoom(roomId));
    },
    evict: (roomId, userId) => evictUser(io, deps, { kind: "breakout", id: roomId }, userId, "removed"),
    // An empty list of rooms would address every socket.
    grid: (hostIds, grid) => {
      if (hostIds.length > 0) io.to(hostIds.map((id) => rooms.user(id))).emit("breakout:grid", grid);
    },
    broadcast: (roomIds, message) => {
      if (roomIds.length > 0) io.to(roomIds.map(breakoutRoom)).emit("breakout:broadcast", message);
    },
    shown: (mainRoomId, snapshot) =>
      io.to(socketRoomOf({ kind: "class", id: mainRoomId })).emit("breakout:shown", snapshot),
    // The session is over whatever the media node says; its routers go when it can be reached.
    closeMedia: (roomId) => mediaCall(deps.media.closeClass(roomId)).catch(() => undefined),
  };
}
