import { type GroupTimerView, roomRefSchema } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { type AppServer, type AppSocket, type CommandContext, commandRegistrar } from "../../platform/realtime";
import { type RoomAccess, roomAccess } from "../rooms/rooms.access";
import { socketActor, socketRoomOf } from "../rooms/rooms.socket";
import type { GroupTimerAnswer, GroupTimers } from "./group.service";

/** `study-group:*`: a study room's shared timer, for its members; every change goes to the room. */
export function studyHandlers(
  io: AppServer,
  socket: AppSocket,
  ctx: CommandContext & { groupTimers: GroupTimers },
): void {
  const { groupTimers } = ctx;
  const command = commandRegistrar(ctx);
  const userId = () => socket.data.userId;
  const studyRoom = async (roomId: string): Promise<RoomAccess> => {
    const access = await roomAccess(roomId, socketActor(socket));
    if (access.room.kind !== "study") throw new AppError("forbidden", "a shared timer belongs to a study room");
    return access;
  };
  const publish = (access: RoomAccess, answer: GroupTimerAnswer) => {
    if (answer.view && answer.changed) io.to(socketRoomOf(access.room)).emit("study-group:updated", answer.view);
    return answer.view;
  };
  const required = (view: GroupTimerView | null): GroupTimerView => {
    if (!view) throw new AppError("not_found", "this room's timer is not started");
    return view;
  };

  command("study-group:state", roomRefSchema, async ({ roomId }) => {
    const access = await studyRoom(roomId);
    return publish(access, await groupTimers.read(roomId));
  });
  command("study-group:start", roomRefSchema, async ({ roomId }) => {
    const access = await studyRoom(roomId);
    return required(publish(access, await groupTimers.start(roomId, userId())));
  });
  for (const step of ["pause", "resume", "skip", "join", "leave"] as const) {
    command(`study-group:${step}`, roomRefSchema, async ({ roomId }) => {
      const access = await studyRoom(roomId);
      return required(publish(access, await groupTimers.command(roomId, step, userId())));
    });
  }
}
