import { createHash } from "node:crypto";
import {
  BREAKOUT_CODE_HEAD_LINES,
  BREAKOUT_THUMB_SHAPES,
  type BreakoutGrid,
  type BreakoutGridRoom,
  type HandQueue,
} from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { CollabStore } from "../collab/collab.store";
import { type Actor, requireModerator } from "../rooms/rooms.access";
import { userRefs } from "../rooms/rooms.view";
import { boardShapes, codeText } from "./breakouts.content";
import { BreakoutSession, type BreakoutSessionDoc } from "./breakouts.model";
import { assignmentsOf } from "./breakouts.view";

/** Where the grid reads what is live: media's active speakers, presence, raised hands. */
export interface GridSources {
  store: CollabStore;
  speaker: (roomId: string) => string | null;
  online: (roomId: string) => Promise<string[]>;
  hands: (roomId: string) => Promise<HandQueue>;
}

/** Every room of a running session as the instructor's grid shows it. */
export async function gridOf(session: BreakoutSessionDoc, sources: GridSources): Promise<BreakoutGrid> {
  const assignments = [...assignmentsOf(session)];
  const refs = await userRefs(assignments.map(([userId]) => userId));
  const rooms = await Promise.all(
    session.rooms.flatMap((room): Array<Promise<BreakoutGridRoom>> => {
      if (!room.roomId || !room.codeDocId || !room.boardDocId) return [];
      const roomId = String(room.roomId);
      return [
        (async () => {
          const [code, shapes, online, hands] = await Promise.all([
            codeText(sources.store, String(room.codeDocId)),
            boardShapes(sources.store, String(room.boardDocId)),
            sources.online(roomId),
            sources.hands(roomId),
          ]);
          const here = new Set(online);
          return {
            key: room.key,
            name: room.name,
            roomId,
            members: assignments.flatMap(([userId, key]) => {
              const user = refs.get(userId);
              return key === room.key && user ? [{ ...user, online: here.has(userId) }] : [];
            }),
            speakingUserId: sources.speaker(roomId),
            codeHead: code.split("\n").slice(0, BREAKOUT_CODE_HEAD_LINES).join("\n"),
            board: {
              shapes: shapes.slice(-BREAKOUT_THUMB_SHAPES).map(({ authorId: _a, uploadId: _u, ...shape }) => shape),
            },
            help: hands.hands,
          };
        })(),
      ];
    }),
  );
  return { sessionId: session.id, rooms, at: new Date().toISOString() };
}

/** A digest of what the grid shows (not when it was read): equal digests, nothing to push. */
export function gridDigest(grid: BreakoutGrid): string {
  return createHash("sha256").update(JSON.stringify(grid.rooms)).digest("base64url");
}

/** The grid, for the class's instructors. */
export async function gridFor(sessionId: string, actor: Actor, sources: GridSources): Promise<BreakoutGrid> {
  const session = await BreakoutSession.findById(sessionId);
  if (!session) throw new AppError("not_found", "no such breakouts");
  await requireModerator(String(session.mainRoomId), actor);
  if (session.status !== "running") throw new AppError("conflict", "these breakouts are not running");
  return gridOf(session, sources);
}
