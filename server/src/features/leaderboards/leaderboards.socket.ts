import { boardRefSchema, rooms } from "@chalkline/shared";
import { type AppSocket, type CommandContext, commandRegistrar } from "../../platform/realtime";
import { socketActor } from "../rooms/rooms.socket";
import { boardFamily, boardName } from "./leaderboards.boards";
import type { LeaderboardsService } from "./leaderboards.service";

/** `leaderboard:watch` and `leaderboard:unwatch`: a socket follows boards through their rooms. */
export function leaderboardHandlers(
  socket: AppSocket,
  ctx: CommandContext & { leaderboards: LeaderboardsService },
): void {
  const { leaderboards } = ctx;
  const command = commandRegistrar(ctx);

  /** Leaves a board's other periods too: a watch that outlived its week follows the new one. */
  const leaveFamily = (ref: Parameters<typeof boardFamily>[0]) => {
    const family = rooms.board(boardFamily(ref));
    for (const room of socket.rooms) if (room.startsWith(family)) void socket.leave(room);
  };

  command("leaderboard:watch", boardRefSchema, async (ref) => {
    const board = await leaderboards.boardFor(ref, socketActor(socket));
    leaveFamily(board);
    // Joined before reading, so no change between the read and the join goes unpushed.
    await socket.join(rooms.board(boardName(board)));
    return (await leaderboards.views(board, [socket.data.userId])).get(socket.data.userId)!;
  });

  command("leaderboard:unwatch", boardRefSchema, async (ref) => {
    leaveFamily({
      scope: ref.scope,
      scopeId: ref.scope === "global" ? null : (ref.scopeId ?? null),
      period: ref.period,
    });
    return null;
  });
}
