import type { RoomView } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { recordAudit } from "../audit/audit.model";
import type { Actor, RoomAccess } from "../rooms/rooms.access";
import { Room, RoomMember } from "../rooms/rooms.model";
import { releaseSeat } from "../rooms/rooms.seats";
import { toRoomView } from "../rooms/rooms.view";

/**
 * What moderators do to a room and its members. Every action is audited. Moderators cannot be
 * muted or removed by other moderators of the same room; admins can act on anyone.
 */
export class ModerationService {
  async mute(access: RoomAccess, actor: Actor, userId: string, minutes: number): Promise<Date | null> {
    await this.assertTarget(access, actor, userId);
    const mutedUntil = minutes > 0 ? new Date(Date.now() + minutes * 60_000) : null;
    await RoomMember.updateOne(
      { roomId: access.room.id, userId },
      { $set: { mutedUntil }, $setOnInsert: { moderator: false, removedAt: null, lastReadSeq: access.room.lastSeq } },
      { upsert: true },
    );
    await recordAudit({
      actorId: actor.id,
      action: mutedUntil ? "room.member_muted" : "room.member_unmuted",
      targetId: userId,
      details: { roomId: access.room.id, minutes },
    });
    return mutedUntil;
  }

  async remove(access: RoomAccess, actor: Actor, userId: string): Promise<void> {
    if (access.room.kind === "lobby" || access.room.kind === "dm") {
      throw new AppError("forbidden", "nobody can be removed from this room");
    }
    await this.assertTarget(access, actor, userId);
    const result = await RoomMember.updateOne(
      { roomId: access.room.id, userId, removedAt: null },
      { $set: { removedAt: new Date() } },
    );
    if (result.matchedCount === 0) throw new AppError("not_found", "that user is not a member");
    await releaseSeat(access.room.id, userId);
    await recordAudit({
      actorId: actor.id,
      action: "room.member_removed",
      targetId: userId,
      details: { roomId: access.room.id },
    });
  }

  async setLocked(access: RoomAccess, actor: Actor, locked: boolean): Promise<RoomView> {
    return this.updateRoom(access, actor, { locked }, locked ? "room.locked" : "room.unlocked");
  }

  async setSlowMode(access: RoomAccess, actor: Actor, seconds: number): Promise<RoomView> {
    return this.updateRoom(access, actor, { slowModeSeconds: seconds }, "room.slow_mode");
  }

  async recordClear(access: RoomAccess, actor: Actor, clearedUpToSeq: number): Promise<void> {
    await recordAudit({
      actorId: actor.id,
      action: "room.cleared",
      targetId: access.room.id,
      details: { clearedUpToSeq },
    });
  }

  private async updateRoom(
    access: RoomAccess,
    actor: Actor,
    change: { locked?: boolean; slowModeSeconds?: number },
    action: string,
  ): Promise<RoomView> {
    const room = await Room.findOneAndUpdate({ _id: access.room.id }, { $set: change }, { returnDocument: "after" });
    if (!room) throw new AppError("not_found", "no such room");
    await recordAudit({ actorId: actor.id, action, targetId: room.id, details: change });
    return toRoomView(room, access.member, { canModerate: access.canModerate });
  }

  private async assertTarget(access: RoomAccess, actor: Actor, userId: string): Promise<void> {
    if (userId === actor.id) throw new AppError("forbidden", "moderators cannot act on themselves");
    if (actor.role === "admin") return;
    const target = await RoomMember.findOne({ roomId: access.room.id, userId });
    if (target?.moderator) throw new AppError("forbidden", "moderators cannot act on each other");
  }
}
