import {
  liveQuizAnswerSchema,
  liveQuizCommandSchema,
  liveQuizLaunchSchema,
  liveQuizStateSchema,
  rooms,
} from "@chalkline/shared";
import type { AppServer, AppSocket, CommandContext } from "../../platform/realtime";
import { commandRegistrar } from "../../platform/realtime";
import { type RoomAccess, roomAccess } from "../rooms/rooms.access";
import type { RoomEvictions } from "../rooms/rooms.evictions";
import { socketActor } from "../rooms/rooms.socket";
import type { LiveQuizPush } from "./live-quiz.broadcast";
import type { LiveQuizService } from "./live-quiz.service";

/** The live quiz's pushes over Socket.IO: class room, a user's sockets, or the room's quiz hosts. */
export function liveQuizPush(io: AppServer): LiveQuizPush {
  return {
    send(target, event, payload) {
      const room =
        "room" in target
          ? rooms.room("class", target.room)
          : "user" in target
            ? rooms.user(target.user)
            : rooms.liveQuizHosts(target.hosts);
      (io.to(room).emit as (event: string, payload: unknown) => boolean)(event, payload);
    },
  };
}

/**
 * Live-quiz commands. Membership and moderation are read fresh for each one; a moderator's socket
 * joins the room's hosts before its view is read, so no answered count slips between the two.
 */
export function liveQuizHandlers(
  socket: AppSocket,
  ctx: CommandContext & { liveQuiz: LiveQuizService; evictions: RoomEvictions },
): void {
  const { liveQuiz } = ctx;
  const command = commandRegistrar(ctx);
  // A moderator removed from the room stops hearing its quiz's answered counts (the service unfollows learners).
  ctx.evictions.onSocketExit(socket, async ({ roomId }) => {
    await socket.leave(rooms.liveQuizHosts(roomId));
  });
  const access = async (roomId: string): Promise<RoomAccess> => {
    const found = await roomAccess(roomId, socketActor(socket));
    if (found.canModerate) await socket.join(rooms.liveQuizHosts(roomId));
    return found;
  };

  command("live-quiz:state", liveQuizStateSchema, async ({ roomId }) =>
    liveQuiz.state(await access(roomId), socketActor(socket)),
  );
  command("live-quiz:launch", liveQuizLaunchSchema, async ({ roomId, lessonId, secondsPerQuestion }) =>
    liveQuiz.launch(await access(roomId), lessonId, secondsPerQuestion),
  );
  command("live-quiz:next", liveQuizCommandSchema, async ({ roomId, sessionId }) =>
    liveQuiz.next(await access(roomId), sessionId),
  );
  command("live-quiz:reveal", liveQuizCommandSchema, async ({ roomId, sessionId }) =>
    liveQuiz.reveal(await access(roomId), sessionId),
  );
  command("live-quiz:end", liveQuizCommandSchema, async ({ roomId, sessionId }) =>
    liveQuiz.end(await access(roomId), sessionId),
  );
  command("live-quiz:answer", liveQuizAnswerSchema, async (payload) =>
    liveQuiz.answer(await access(payload.roomId), socketActor(socket), payload),
  );
}
