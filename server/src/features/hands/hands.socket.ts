import { type HandQueue, handTargetSchema, roomRefSchema } from "@chalkline/shared";
import { type AppServer, type AppSocket, type CommandContext, commandRegistrar } from "../../platform/realtime";
import { type RoomAccess, roomAccess } from "../rooms/rooms.access";
import { socketActor, socketRoomOf } from "../rooms/rooms.socket";
import type { HandsService } from "./hands.service";

export function handsHandlers(io: AppServer, socket: AppSocket, ctx: CommandContext & { hands: HandsService }): void {
  const { hands } = ctx;
  const command = commandRegistrar(ctx);
  const access = (roomId: string) => roomAccess(roomId, socketActor(socket));
  const publish = (room: RoomAccess, queue: HandQueue) => {
    io.to(socketRoomOf(room.room)).emit("hand:queue", queue);
    return queue;
  };

  command("hand:raise", roomRefSchema, async ({ roomId }) => {
    const room = await access(roomId);
    return publish(room, await hands.raise(room, socketActor(socket)));
  });
  command("hand:lower", handTargetSchema, async ({ roomId, userId }) => {
    const room = await access(roomId);
    return publish(room, await hands.lower(room, socketActor(socket), userId));
  });
  command("hand:answer", handTargetSchema, async ({ roomId, userId }) => {
    const room = await access(roomId);
    return publish(room, await hands.answer(room, socketActor(socket), userId));
  });
  command("hand:clear", roomRefSchema, async ({ roomId }) => {
    const room = await access(roomId);
    return publish(room, await hands.clear(room));
  });
  command("hand:call-instructor", roomRefSchema, async ({ roomId }) => {
    await hands.callInstructor(await access(roomId), socketActor(socket));
    return null;
  });
}
