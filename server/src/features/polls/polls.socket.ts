import { pollAnswerSchema, pollAskSchema, pollRefSchema, roomRefSchema, rooms } from "@chalkline/shared";
import { type AppServer, type AppSocket, type CommandContext, commandRegistrar } from "../../platform/realtime";
import { roomAccess } from "../rooms/rooms.access";
import { socketActor } from "../rooms/rooms.socket";
import type { PollsPush, PollsService } from "./polls.service";

/** Polls' pushes over Socket.IO: the class room, or the instructors' own sockets, on every node. */
export function pollsPush(io: AppServer): PollsPush {
  return {
    room(roomId, event, poll) {
      io.to(rooms.room("class", roomId)).emit(event, poll);
    },
    hosts(hostIds, event) {
      if (hostIds.length > 0) io.to(hostIds.map(rooms.user)).emit("poll:results", event);
    },
  };
}

export function pollsHandlers(socket: AppSocket, ctx: CommandContext & { polls: PollsService }): void {
  const { polls } = ctx;
  const command = commandRegistrar(ctx);
  const access = (roomId: string) => roomAccess(roomId, socketActor(socket));

  command("poll:state", roomRefSchema, async ({ roomId }) => polls.state(await access(roomId), socketActor(socket)));
  command("poll:ask", pollAskSchema, async ({ roomId, ...body }) =>
    polls.ask(await access(roomId), socketActor(socket), body),
  );
  command("poll:answer", pollAnswerSchema, async ({ roomId, pollId, response }) =>
    polls.answer(await access(roomId), socketActor(socket), pollId, response),
  );
  command("poll:close", pollRefSchema, async ({ roomId, pollId }) => polls.closePoll(await access(roomId), pollId));
}
