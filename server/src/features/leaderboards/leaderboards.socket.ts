import { boardRefSchema, rooms } from "@chalkline/shared";
import { type AppSocket, type CommandContext, commandRegistrar } from "../../platform/realtime";
import type { RoomEvictions } from "../rooms/rooms.evictions";
import { socketActor } from "../rooms/rooms.socket";
import { boardFamily, boardName, boardScope } from "./leaderboards.boards";
import type { LeaderboardsService } from "./leaderboards.service";

/** `leaderboard:watch` and `leaderboard:unwatch`: a socket follows boards through their rooms. */
export function leaderboardHandlers(
  socket: AppSocket,
  ctx: CommandContext & { leaderboards: LeaderboardsService; evictions: RoomEvictions },
): void {
  const { leaderboards } = ctx;
  const command = commandRegistrar(ctx);

  /** Leaves every board whose Socket.IO room starts with `prefix` (a board name's start). */
  const leaveBoards = async (prefix: string) => {
    const boards = [...socket.rooms].filter((room) => room.startsWith(rooms.board(prefix)));
    await Promise.all(boards.map((room) => socket.leave(room)));
  };
  /** Leaves a board's other periods too: a watch that outlived its week follows the new one. */
  const leaveFamily = (ref: Parameters<typeof boardFamily>[0]) => void leaveBoards(boardFamily(ref));
  // Removed from a class room: none of its boards, whatever the period, follows the socket any more.
  ctx.evictions.onSocketExit(socket, ({ roomId }) => leaveBoards(boardScope({ scope: "class", scopeId: roomId })));

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
