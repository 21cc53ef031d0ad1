import { type ClassTimerView, classTimerStartSchema, roomRefSchema } from "@chalkline/shared";
import { type AppServer, type AppSocket, type CommandContext, commandRegistrar } from "../../platform/realtime";
import { type RoomAccess, roomAccess } from "../rooms/rooms.access";
import { socketActor, socketRoomOf } from "../rooms/rooms.socket";
import type { ClassTimers } from "./class-timer.service";

/** The class timer's commands; every change is pushed to the whole class room, on every node. */
export function classTimerHandlers(
  io: AppServer,
  socket: AppSocket,
  ctx: CommandContext & { classTimers: ClassTimers },
): void {
  const { classTimers } = ctx;
  const command = commandRegistrar(ctx);
  const access = (roomId: string) => roomAccess(roomId, socketActor(socket));
  const publish = <T extends ClassTimerView | null>(room: RoomAccess, timer: T): T => {
    io.to(socketRoomOf(room.room)).emit("class-timer:updated", { roomId: room.room.id, timer });
    return timer;
  };

  command("class-timer:state", roomRefSchema, async ({ roomId }) => classTimers.read(await access(roomId)));
  command("class-timer:start", classTimerStartSchema, async ({ roomId, seconds, label }) => {
    const room = await access(roomId);
    return publish(room, await classTimers.start(room, seconds, label));
  });
  command("class-timer:pause", roomRefSchema, async ({ roomId }) => {
    const room = await access(roomId);
    return publish(room, await classTimers.pause(room));
  });
  command("class-timer:resume", roomRefSchema, async ({ roomId }) => {
    const room = await access(roomId);
    return publish(room, await classTimers.resume(room));
  });
  command("class-timer:end", roomRefSchema, async ({ roomId }) => {
    const room = await access(roomId);
    await classTimers.end(room);
    publish(room, null);
    return null;
  });
}
