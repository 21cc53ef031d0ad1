import { roomRefSchema, rooms, waitingRoomDecideSchema, waitingRoomModeSchema } from "@chalkline/shared";
import { type AppServer, type AppSocket, type CommandContext, commandRegistrar } from "../../platform/realtime";
import { auditorOf } from "../audit/audit.model";
import { roomAccess } from "../rooms/rooms.access";
import { socketActor } from "../rooms/rooms.socket";
import type { WaitingRoomPush, WaitingRoomService } from "./waiting-room.service";

/** The waiting room's pushes: to the instructors' and to one learner's sockets, on every node. */
export function waitingRoomPush(io: AppServer): WaitingRoomPush {
  return {
    hosts(hostIds, view) {
      if (hostIds.length > 0) io.to(hostIds.map(rooms.user)).emit("waiting-room:updated", view);
    },
    decided(userId, event) {
      io.to(rooms.user(userId)).emit("waiting-room:decided", event);
    },
  };
}

/**
 * The instructor's waiting-room commands, each audited under the room; learners meet the waiting
 * room when they join the class's media.
 */
export function waitingRoomHandlers(
  socket: AppSocket,
  ctx: CommandContext & { waitingRoom: WaitingRoomService },
): void {
  const { waitingRoom } = ctx;
  const command = commandRegistrar(ctx);
  const access = (roomId: string) => roomAccess(roomId, socketActor(socket));
  const audit = auditorOf(socket.data.userId, "waiting_room");

  command("waiting-room:state", roomRefSchema, async ({ roomId }) => waitingRoom.view(await access(roomId)));
  command("waiting-room:mode", waitingRoomModeSchema, async ({ roomId, mode }) => {
    const view = await waitingRoom.setMode(await access(roomId), mode);
    await audit("mode_set", roomId, { mode });
    return view;
  });
  command("waiting-room:decide", waitingRoomDecideSchema, async ({ roomId, userId, admit }) => {
    const view = await waitingRoom.decide(await access(roomId), userId, admit);
    await audit(admit ? "admitted" : "refused", roomId, { userId });
    return view;
  });
  command("waiting-room:admit-all", roomRefSchema, async ({ roomId }) => {
    const view = await waitingRoom.admitAll(await access(roomId));
    await audit("admitted_all", roomId);
    return view;
  });
}
