import type { BreakoutSnapshot, BreakoutSnapshotSummary, GroupSetView } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { LiveClass } from "../live/live.model";
import { type Actor, requireModerator, roomAccess } from "../rooms/rooms.access";
import { BreakoutSnapshotRecord, GroupSet } from "./breakouts.model";
import { toGroupSetView, toSnapshotSummary, toSnapshotView } from "./breakouts.view";

/** What breakouts keep between classes: the harvested snapshots of a class, and saved group sets. */
export class BreakoutLibrary {
  /** The class's snapshots, oldest first, for its members. */
  async snapshots(liveClassId: string, actor: Actor): Promise<BreakoutSnapshotSummary[]> {
    const liveClass = await LiveClass.findById(liveClassId, { roomId: 1 });
    if (!liveClass) throw new AppError("not_found", "no such class");
    await roomAccess(String(liveClass.roomId), actor);
    const found = await BreakoutSnapshotRecord.find({ liveClassId }, { chat: 0, shapes: 0, code: 0 })
      .sort({ harvestedAt: 1 })
      .limit(200);
    return found.map(toSnapshotSummary);
  }

  /** One snapshot whole, for members of its class; with the class room's id, to show it there. */
  async snapshot(snapshotId: string, actor: Actor): Promise<{ snapshot: BreakoutSnapshot; mainRoomId: string }> {
    const found = await BreakoutSnapshotRecord.findById(snapshotId);
    if (!found) throw new AppError("not_found", "no such snapshot");
    const liveClass = await LiveClass.findById(found.liveClassId, { roomId: 1 });
    if (!liveClass) throw new AppError("not_found", "no such class");
    await roomAccess(String(liveClass.roomId), actor);
    return { snapshot: toSnapshotView(found), mainRoomId: String(liveClass.roomId) };
  }

  /** The snapshot, checked to be the instructor's to show in the class room. */
  async showable(snapshotId: string, actor: Actor): Promise<{ snapshot: BreakoutSnapshot; mainRoomId: string }> {
    const shown = await this.snapshot(snapshotId, actor);
    await requireModerator(shown.mainRoomId, actor);
    return shown;
  }

  async groupSets(roomId: string, actor: Actor): Promise<GroupSetView[]> {
    const access = await requireModerator(roomId, actor);
    // A course's class room is its only one, so the room's sets are the course's.
    const found = await GroupSet.find({ roomId: access.room.id }).sort({ createdAt: -1 }).limit(100);
    return found.map(toGroupSetView);
  }

  async saveGroupSet(
    roomId: string,
    actor: Actor,
    body: { name: string; groups: Array<{ name: string; memberIds: string[] }> },
  ): Promise<GroupSetView> {
    const access = await requireModerator(roomId, actor);
    if (access.room.kind !== "class") throw new AppError("forbidden", "group sets belong to class rooms");
    const saved = await GroupSet.create({
      roomId,
      courseId: access.room.courseId,
      name: body.name,
      groups: body.groups,
      createdById: actor.id,
    });
    return toGroupSetView(saved);
  }
}
