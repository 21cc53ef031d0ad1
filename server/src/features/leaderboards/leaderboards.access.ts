import type { BoardRef } from "@chalkline/shared";
import { AppError, assertNever } from "../../platform/errors";
import { courseForReader } from "../courses/courses.access";
import { type Actor, roomAccess } from "../rooms/rooms.access";

/**
 * Who may see a board: everyone the global one; a class board the members of its room; a course
 * board its enrolled learners, its instructor and admins. Checked on every watch and read.
 */
export async function assertCanView(ref: BoardRef, actor: Actor): Promise<void> {
  switch (ref.scope) {
    case "global":
      return;
    case "class": {
      const { room } = await roomAccess(ref.scopeId!, actor);
      if (room.kind !== "class" && room.kind !== "study")
        throw new AppError("not_found", "this room has no leaderboard");
      return;
    }
    case "course":
      await courseForReader(ref.scopeId!, actor);
      return;
    default:
      assertNever(ref.scope);
  }
}
