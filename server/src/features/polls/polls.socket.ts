import { pollAnswerSchema, pollAskSchema, pollRefSchema, roomRefSchema, rooms } from "@chalkline/shared";
import { type AppServer, type AppSocket, type CommandContext, commandRegistrar } from "../../platform/realtime";
import { auditorOf } from "../audit/audit.model";
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
  // Asking and closing are the instructor's; answering is not audited.
  const audit = auditorOf(socket.data.userId, "poll");

  command("poll:state", roomRefSchema, async ({ roomId }) => polls.state(await access(roomId), socketActor(socket)));
  command("poll:ask", pollAskSchema, async ({ roomId, ...body }) => {
    const poll = await polls.ask(await access(roomId), socketActor(socket), body);
    await audit("asked", roomId, { pollId: poll.pollId, liveClassId: poll.liveClassId });
    return poll;
  });
  command("poll:answer", pollAnswerSchema, async ({ roomId, pollId, response }) =>
    polls.answer(await access(roomId), socketActor(socket), pollId, response),
  );
  command("poll:close", pollRefSchema, async ({ roomId, pollId }) => {
    const poll = await polls.closePoll(await access(roomId), pollId);
    await audit("closed", roomId, { pollId });
    return poll;
  });
}
